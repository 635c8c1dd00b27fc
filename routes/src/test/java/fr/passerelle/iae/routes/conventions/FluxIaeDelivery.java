package fr.passerelle.iae.routes.conventions;

import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * A fluxIAE delivery written the way ASP writes it (PARTNERS §2.2–2.4), for the tests to drop on the SFTP server (here
 * and in the fiche salarié tests, whose waiting hires get their fiches from a delivery).
 */
public final class FluxIaeDelivery {

    static final String STRUCTURE_HEADER = "structure_date_creation|structure_date_modification|structure_id_siae|"
            + "structure_siret_signature|structure_siret_actualise|structure_denomination|structure_categorie_juridique_id|"
            + "structure_categorie_juridique_code|structure_code_naf|structure_idcc_id|structure_idcc_code|"
            + "structure_adresse_admin_numero_apt|structure_adresse_admin_entree|structure_adresse_admin_numero|"
            + "structure_adresse_admin_cplt_num_voie|structure_adresse_admin_type_voie|structure_adresse_admin_nom_voie|"
            + "structure_adresse_admin_cplt_adresse|structure_adresse_admin_cp|structure_adresse_admin_commune|"
            + "structure_adresse_admin_code_insee|structure_adresse_admin_telephone|structure_adresse_gestion_numero_apt|"
            + "structure_adresse_gestion_entree|structure_adresse_gestion_numero|structure_adresse_gestion_cplt_num_voie|"
            + "structure_adresse_gestion_type_voie|structure_adresse_gestion_nom_voie|structure_adresse_gestion_cplt_adresse|"
            + "structure_adresse_gestion_cp|structure_adresse_gestion_commune|structure_adresse_gestion_code_insee|"
            + "structure_adresse_gestion_telephone|structure_identifiant_corresp_technique|"
            + "structure_adresse_mail_corresp_technique|structure_adresse_nom_corresp_technique|"
            + "structure_adresse_prenom_corresp_technique";
    // the used columns plus others, in another order than PARTNERS lists them: mapped by name
    static final String ANNEX_HEADER = "af_id_annexe_financiere|af_id_structure|af_mesure_dispositif_code|"
            + "af_numero_annexe_financiere|af_numero_avenant_renouvellement|af_numero_avenant_modification|"
            + "af_etat_annexe_financiere_code|af_date_debut_effet|af_date_fin_effet|af_mt_total_aide";
    private static final DateTimeFormatter DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");

    public final String stamp;
    private final List<String> structures = new ArrayList<>();
    private final List<String> annexes = new ArrayList<>();

    /** @param stamp {@code ddMMyyyy_HHmmss}, distinct per delivery */
    public FluxIaeDelivery(String stamp) {
        this.stamp = stamp;
    }

    public FluxIaeDelivery structure(long aspId, String siretSignature, String siretCurrent, String name) {
        return structureRow(aspId + "|" + siretSignature + "|" + siretCurrent + "|" + name + "||5710|8899B||9999|||8||PL|DE LA LIBERTE||"
                + "59100|ROUBAIX|59512|0320000003|||27||RUE|DE L'EPEULE||59100|ROUBAIX|59512|0320000003|tech|contact@s"
                + aspId + ".example.org|NOM|Prenom");
    }

    /** A Structure row from {@code structure_id_siae} on (the two dates first are added). */
    FluxIaeDelivery structureRow(String fromId) {
        structures.add("20/05/2019 00:00:00|10/09/2024 00:00:00|" + fromId);
        return this;
    }

    public FluxIaeDelivery annex(long aspId, String measure, String prefix, int renewal, String state, LocalDate start, LocalDate end) {
        return annexRow((70000 + annexes.size()) + "|" + aspId + "|" + measure + "|" + prefix + "|" + renewal + "|0|" + state + "|"
                + DATE.format(start) + "|" + DATE.format(end) + "|1000.00");
    }

    FluxIaeDelivery annexRow(String row) {
        annexes.add(row);
        return this;
    }

    public String structureName() {
        return "fluxIAE_Structure_" + stamp + ".csv";
    }

    public String annexName() {
        return "fluxIAE_AnnexeFinanciere_" + stamp + ".csv";
    }

    public String structureFile() {
        return file("Structure", STRUCTURE_HEADER, structures, structures.size());
    }

    public String annexFile() {
        return file("AnnexeFinanciere", ANNEX_HEADER, annexes, annexes.size());
    }

    /** A view file without its DEB and FIN lines, as some exports come (PARTNERS §2.2). */
    static String withoutDebAndFin(String viewFile) {
        List<String> lines = new java.util.ArrayList<>(viewFile.lines().toList());
        lines.remove(0);
        lines.remove(lines.size() - 1);
        return String.join("\n", lines) + "\n";
    }

    /** The annex view with a FIN line announcing {@code fin} data lines. */
    String annexFile(int fin) {
        return file("AnnexeFinanciere", ANNEX_HEADER, annexes, fin);
    }

    private String file(String view, String header, List<String> rows, int fin) {
        String separators = String.join("", Collections.nCopies(header.split("\\|").length - 1, "|"));
        StringBuilder file = new StringBuilder("DEB" + view + stamp + separators + "\n").append(header).append('\n');
        rows.forEach(row -> file.append(row).append('\n'));
        return file.append("FIN").append(fin).append(separators).append('\n').toString();
    }

    /** A valid SIRET (Luhn, EMP-02) of the SIREN {@code 97} + {@code company} (7 digits) and establishment {@code nic4}. */
    static String siret(int company, int nic4) {
        String first13 = String.format("97%07d%04d", company, nic4);
        for (int last = 0; last <= 9; last++) {
            String candidate = first13 + last;
            if (luhn(candidate)) {
                return candidate;
            }
        }
        throw new IllegalStateException("no Luhn digit for " + first13);
    }

    private static boolean luhn(String digits) {
        int total = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            total += digit;
        }
        return total % 10 == 0;
    }
}
