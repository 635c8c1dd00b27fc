package fr.passerelle.iae.registry.fichesalarie;

/**
 * ASP's return codes (PARTNERS §1.7) with what the hub does with each. The ASP simulator has its own list, written from
 * PARTNERS.md and not from this one, under the same names.
 */
public enum AspReturnCode {
    INTEGRATED("0000", FicheSalarieStatus.PROCESSED, "intégrée"),
    DUPLICATE("3436", FicheSalarieStatus.PROCESSED, "déjà connue de l'ASP pour ce PASS et ce SIRET"),
    KNOWN_UNDER_ANOTHER_ID("3437", FicheSalarieStatus.REJECTED, "régularisation d'identité (idItou) à faire avec l'ASP"),
    BIRTH_COMMUNE_INCONSISTENT("3308", FicheSalarieStatus.REJECTED, "commune de naissance incohérente avec le département"),
    RESIDENCE_COMMUNE_UNKNOWN("3417", FicheSalarieStatus.REJECTED, "commune de résidence inconnue de l'ASP"),
    NO_FINANCIAL_ANNEX("3435", FicheSalarieStatus.REJECTED, "pas d'annexe financière en cours à l'ASP ; renvoyer plus tard"),
    INVALID_LANE_NAME("3330", FicheSalarieStatus.REJECTED, "caractères invalides dans le libellé de voie"),
    BIRTH_PLACE_ABROAD("3411", FicheSalarieStatus.REJECTED, "lieu de naissance d'une personne née à l'étranger"),
    NIR_MISSING_ON_UPDATE("3501", FicheSalarieStatus.REJECTED, "NIR/NTT absent d'une notification de mise à jour"),
    INVALID_JSON("0012", FicheSalarieStatus.REJECTED, "JSON invalide : défaut de la passerelle"),
    OTHER(null, FicheSalarieStatus.REJECTED, "refusée par l'ASP");

    private final String code;
    private final FicheSalarieStatus status;
    private final String meaning;

    AspReturnCode(String code, FicheSalarieStatus status, String meaning) {
        this.code = code;
        this.status = status;
        this.meaning = meaning;
    }

    public static AspReturnCode of(String code) {
        for (AspReturnCode known : values()) {
            if (known.code != null && known.code.equals(code)) {
                return known;
            }
        }
        return OTHER;
    }

    /** The status of a creation line with this code. */
    public FicheSalarieStatus status() {
        return status;
    }

    /** §1.7: an update notification is processed on 0000 only; any other code rejects it, with no automatic retry. */
    public FicheSalarieStatus updateStatus() {
        return this == INTEGRATED ? FicheSalarieStatus.PROCESSED : FicheSalarieStatus.REJECTED;
    }

    public String meaning() {
        return meaning;
    }
}
