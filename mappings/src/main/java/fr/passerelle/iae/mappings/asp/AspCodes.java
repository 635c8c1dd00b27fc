package fr.passerelle.iae.mappings.asp;

import java.util.Map;
import java.util.Set;

/** ASP's code tables used by the fiche salarié (PARTNERS §1.6); its countries are {@link AspCountries}. */
public final class AspCodes {

    public static final String FRANCE = "100";
    public static final String BORN_ABROAD_DEPARTMENT = "099";

    /** Lane types, ASP referential v3. */
    public static final Set<String> LANE_TYPES = Set.of("AER", "AGL", "AIRE", "ALL", "ACH", "ART", "AV", "BEGI", "BD", "BRG",
            "CPG", "CAR", "CTRE", "CCAL", "CHT", "CHS", "CHEM", "CHV", "CITE", "CLOS", "CTR", "COR", "COTE", "COUR", "CRS", "DSC",
            "DOM", "ECL", "ESC", "ESPA", "ESP", "FG", "FRM", "FON", "GAL", "GARE", "GBD", "GPL", "GR", "GRI", "HAM", "IMM", "IMP",
            "JARD", "LD", "LOT", "MAIL", "MAIS", "MAS", "MTE", "PARC", "PRV", "PAS", "PLE", "PCH", "PRT", "PTR", "PL", "PTTE",
            "PLN", "PLAN", "PLT", "PONT", "PORT", "PROM", "QUAI", "QUAR", "RPE", "REMP", "RES", "ROC", "RPT", "RTD", "RTE", "RUE",
            "RLE", "SEN", "SENT", "SQ", "TPL", "TRAV", "VEN", "VTE", "VCHE", "VILL", "VLGE", "VOIE", "ZONE", "ZA", "ZAC", "ZAD",
            "ZI", "ZUP");

    public static final Set<String> EDUCATION_LEVELS = Set.of("00", "01", "10", "20", "30", "40", "41", "50", "51", "60", "70");

    public static final Set<String> DURATIONS = Set.of("01", "02", "03", "04");

    public static final Set<String> LANE_EXTENSIONS = Set.of("B", "T", "Q", "C");

    /** Orienteur codes of the authorised prescriber organisation kinds (DOMAIN §3.3 → PARTNERS §1.6). */
    private static final Map<String, String> ORIENTEUR_BY_KIND = Map.ofEntries(
            Map.entry("ML", "01"), Map.entry("CAP_EMPLOI", "02"), Map.entry("FT", "03"), Map.entry("PLIE", "04"),
            Map.entry("DEPT", "05"), Map.entry("SPIP", "09"), Map.entry("PJJ", "10"), Map.entry("CCAS", "11"),
            Map.entry("CHRS", "12"), Map.entry("CIDFF", "13"), Map.entry("PREVENTION", "14"), Map.entry("AFPA", "15"),
            Map.entry("PIJ_BIJ", "16"), Map.entry("CAF", "17"), Map.entry("CADA", "18"), Map.entry("ASE", "19"),
            Map.entry("CAVA", "20"), Map.entry("CPH", "21"), Map.entry("CHU", "22"), Map.entry("OACAS", "23"));

    private AspCodes() {
    }

    /** {@code codeDpt} of a commune of birth in France: {@code 0} + 2 characters, or 3 characters overseas (97x, 98x). */
    public static String department(String communeCode) {
        if (communeCode.startsWith("97") || communeCode.startsWith("98")) {
            return communeCode.substring(0, 3);
        }
        return "0" + communeCode.substring(0, 2);
    }

    /**
     * PARTNERS §1.6, from the sender of the fiche's own hire: job seeker or employer → 07; prescriber without organisation
     * or not authorised → 08; authorised organisation → its kind's code, 06 for any other kind. Never 99.
     */
    public static String orienteur(FicheSalarieFacts.Origin origin) {
        if (origin == null || origin.sender() == null || !"PRESCRIBER".equals(origin.sender())) {
            // ASP has closed 99 "unknown": a hire whose sender was never recorded goes as an application no prescriber sent
            return "07";
        }
        if (origin.prescriberKind() == null || origin.prescriberKind().isBlank() || !Boolean.TRUE.equals(origin.prescriberAuthorized())) {
            return "08";
        }
        return ORIENTEUR_BY_KIND.getOrDefault(origin.prescriberKind(), "06");
    }

    /** {@code salarieTypeEmployeur} of the hiring employer's kind: 01 EI, 02 ETTI, 03 AI, 04 ACI, 07 any other (EITI…). */
    public static String employerType(String kind) {
        return switch (kind) {
            case "EI" -> "01";
            case "ETTI" -> "02";
            case "AI" -> "03";
            case "ACI" -> "04";
            case "EA" -> "06";
            default -> "07";
        };
    }
}
