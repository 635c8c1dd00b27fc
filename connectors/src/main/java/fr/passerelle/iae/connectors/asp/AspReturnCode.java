package fr.passerelle.iae.connectors.asp;

import java.util.Arrays;
import java.util.Optional;

/**
 * ASP's return codes for a fiche salarié line (PARTNERS §1.7), with the label the simulator writes by default.
 * Only the codes matter to the hub; ASP's real labels vary.
 */
public enum AspReturnCode {
    INTEGRATED("0000", "OK"),
    DUPLICATE("3436", "Doublon : une fiche salarié existe déjà pour ce PASS IAE et ce SIRET"),
    KNOWN_UNDER_ANOTHER_ID("3437", "Salarié déjà connu dans cette structure sous un autre identifiant (idItou)"),
    BIRTH_COMMUNE_INCONSISTENT("3308", "Commune de naissance incohérente avec le département de naissance"),
    RESIDENCE_COMMUNE_UNKNOWN("3417", "Commune de résidence inconnue du référentiel de l'Extranet IAE"),
    NO_FINANCIAL_ANNEX("3435", "Aucune annexe financière en cours pour la structure"),
    INVALID_LANE_NAME("3330", "Caractères invalides dans le libellé de la voie"),
    BIRTH_PLACE_ABROAD("3411", "Commune de naissance renseignée pour une personne née à l'étranger"),
    NIR_MISSING_ON_UPDATE("3501", "NIR ou NTT absent sur une notification de mise à jour"),
    INVALID_JSON("0012", "JSON invalide");

    private final String code;
    private final String label;

    AspReturnCode(String code, String label) {
        this.code = code;
        this.label = label;
    }

    public String code() {
        return code;
    }

    public String label() {
        return label;
    }

    public static Optional<AspReturnCode> of(String code) {
        return Arrays.stream(values()).filter(c -> c.code.equals(code)).findFirst();
    }
}
