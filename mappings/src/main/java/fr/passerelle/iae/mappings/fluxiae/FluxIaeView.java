package fr.passerelle.iae.mappings.fluxiae;

import java.util.List;

/** The two views of the ASP fluxIAE delivery the hub reads (PARTNERS §2.3, §2.4), with the columns it needs. */
public enum FluxIaeView {

    STRUCTURE("Structure", List.of(Columns.ID_SIAE, Columns.SIRET_SIGNATURE, Columns.SIRET_CURRENT, Columns.NAME,
            Columns.NAF, Columns.EMAIL, Columns.gestion("numero_apt"), Columns.gestion("entree"), Columns.gestion("numero"),
            Columns.gestion("cplt_num_voie"), Columns.gestion("type_voie"), Columns.gestion("nom_voie"),
            Columns.gestion("cplt_adresse"), Columns.gestion("cp"), Columns.gestion("commune"), Columns.gestion("code_insee"),
            Columns.gestion("telephone"))),
    ANNEXE_FINANCIERE("AnnexeFinanciere", List.of(Columns.AF_STRUCTURE, Columns.AF_MEASURE, Columns.AF_NUMBER,
            Columns.AF_RENEWAL, Columns.AF_MODIFICATION, Columns.AF_START, Columns.AF_END, Columns.AF_STATE));

    private final String aspName;
    private final List<String> requiredColumns;

    FluxIaeView(String aspName, List<String> requiredColumns) {
        this.aspName = aspName;
        this.requiredColumns = requiredColumns;
    }

    /** The view's name in ASP file names and in the {@code DEB} line ({@code Structure}, {@code AnnexeFinanciere}). */
    public String aspName() {
        return aspName;
    }

    /** Columns that must be in the header, or the file is refused (PARTNERS §2.2). */
    public List<String> requiredColumns() {
        return requiredColumns;
    }

    /** Column names used by the mappings. */
    public static final class Columns {
        public static final String ID_SIAE = "structure_id_siae";
        public static final String SIRET_SIGNATURE = "structure_siret_signature";
        public static final String SIRET_CURRENT = "structure_siret_actualise";
        public static final String NAME = "structure_denomination";
        public static final String NAF = "structure_code_naf";
        public static final String EMAIL = "structure_adresse_mail_corresp_technique";
        public static final String AF_STRUCTURE = "af_id_structure";
        public static final String AF_MEASURE = "af_mesure_dispositif_code";
        public static final String AF_NUMBER = "af_numero_annexe_financiere";
        public static final String AF_RENEWAL = "af_numero_avenant_renouvellement";
        public static final String AF_MODIFICATION = "af_numero_avenant_modification";
        public static final String AF_START = "af_date_debut_effet";
        public static final String AF_END = "af_date_fin_effet";
        public static final String AF_STATE = "af_etat_annexe_financiere_code";

        private Columns() {
        }

        /** ASP recommends the {@code gestion} address block over the {@code admin} one (PARTNERS §2.3). */
        public static String gestion(String field) {
            return "structure_adresse_gestion_" + field;
        }
    }
}
