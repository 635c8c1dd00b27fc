package fr.passerelle.iae.mappings.francetravail;

/**
 * Answer of {@code maj-pass-iae} (PARTNERS §3.5). A body without a {@code codeSortie} is no answer: it cannot be
 * built, and the client reports it as malformed, a technical failure (§3.3).
 */
public record PassUpdateAnswer(String codeSortie, String idNational, String message) {

    public PassUpdateAnswer {
        // 48: the longest exit code the notification status keeps
        if (codeSortie == null || codeSortie.isBlank() || codeSortie.length() > 48) {
            throw new IllegalArgumentException("no codeSortie");
        }
    }

    public boolean installed() {
        return UpdateExitCode.of(codeSortie).map(UpdateExitCode::installed).orElse(false);
    }

    /** S015 (§3.5): France Travail already has a delegated follow-up in progress for the person. */
    public boolean followUpAlreadyInProgress() {
        return UpdateExitCode.S015.name().equals(codeSortie);
    }
}
