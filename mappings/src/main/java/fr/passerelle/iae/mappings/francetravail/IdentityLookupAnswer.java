package fr.passerelle.iae.mappings.francetravail;

/** Answer of {@code rechercheIndividuCertifie}: a success only with S001 and a non-empty id (PARTNERS §3.4). */
public record IdentityLookupAnswer(String idNationalDE, String codeSortie, Boolean certifDE) {

    /** The code to store: {@code EMPTY_ID} for an S001 without id. */
    public String outcomeCode() {
        if ("S001".equals(codeSortie) && (idNationalDE == null || idNationalDE.isBlank())) {
            return "EMPTY_ID";
        }
        return codeSortie == null ? "NO_EXIT_CODE" : codeSortie;
    }

    public boolean found() {
        return LookupExitCode.of(codeSortie).map(LookupExitCode::found).orElse(false)
                && idNationalDE != null && !idNationalDE.isBlank() && idNationalDE.length() <= 48;      // ID-33
    }
}
