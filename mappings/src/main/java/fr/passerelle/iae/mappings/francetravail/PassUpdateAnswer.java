package fr.passerelle.iae.mappings.francetravail;

/** Answer of {@code maj-pass-iae} (PARTNERS §3.5). */
public record PassUpdateAnswer(String codeSortie, String idNational, String message) {

    public boolean installed() {
        return UpdateExitCode.of(codeSortie).map(UpdateExitCode::installed).orElse(false);
    }

    public String outcomeCode() {
        return codeSortie == null ? "NO_EXIT_CODE" : codeSortie;
    }
}
