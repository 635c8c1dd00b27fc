package fr.passerelle.iae.mappings.francetravail;

/**
 * Answer of {@code rechercheIndividuCertifie}: a success only with S001 and a non-empty id (PARTNERS §3.4). A body
 * without a {@code codeSortie} is no answer: it cannot be built, and the client reports it as malformed (§3.3).
 */
public record IdentityLookupAnswer(String idNationalDE, String codeSortie, Boolean certifDE) {

    public IdentityLookupAnswer {
        // 48: the longest exit code the notification status keeps
        if (codeSortie == null || codeSortie.isBlank() || codeSortie.length() > 48) {
            throw new IllegalArgumentException("no codeSortie");
        }
    }

    /** The code to store: {@code EMPTY_ID} for an S001 without id. */
    public String outcomeCode() {
        if ("S001".equals(codeSortie) && (idNationalDE == null || idNationalDE.isBlank())) {
            return "EMPTY_ID";
        }
        return codeSortie;
    }

    public boolean found() {
        return LookupExitCode.of(codeSortie).map(LookupExitCode::found).orElse(false)
                && idNationalDE != null && !idNationalDE.isBlank() && idNationalDE.length() <= 48;      // ID-33
    }
}
