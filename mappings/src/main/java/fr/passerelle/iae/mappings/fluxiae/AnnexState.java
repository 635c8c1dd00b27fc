package fr.passerelle.iae.mappings.fluxiae;

/** States of a financial annex (EMP-14): only {@code VALIDE} and {@code PROVISOIRE} are active ones. */
public enum AnnexState {
    VALIDE(true), PROVISOIRE(true), HISTORISE(false), ANNULE(false), SAISI(false), BROUILLON(false), CLOTURE(false),
    REJETE(false);

    private final boolean active;

    AnnexState(boolean active) {
        this.active = active;
    }

    public boolean active() {
        return active;
    }
}
