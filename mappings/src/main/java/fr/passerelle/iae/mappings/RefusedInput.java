package fr.passerelle.iae.mappings;

import java.io.IOException;

/**
 * A partner file that a reader refuses as it streams it: past one of the bounds every reader keeps ({@code FILE-01}
 * line length, {@code FILE-04} decompressed size), or an inner archive that cannot be opened (wrong password). An
 * {@link IOException}, so that it leaves any stream pipeline; the code that applies the file turns it into a refusal of
 * the file from where it was found, not a fault of the hub.
 */
public final class RefusedInput extends IOException {

    private final transient Rejection rejection;

    public RefusedInput(Rejection rejection) {
        super(rejection.rule() + " " + rejection.code() + ": " + rejection.message(), null);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
