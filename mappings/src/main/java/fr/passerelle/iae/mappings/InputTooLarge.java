package fr.passerelle.iae.mappings;

import java.io.IOException;

/**
 * A partner file past one of the bounds every reader keeps ({@code FILE-01} line length, {@code FILE-04} decompressed
 * size or archive entries): the file is refused with this rejection from where it was found. An {@link IOException},
 * so that it leaves any stream pipeline; the code that applies the file turns it into a refusal, not a fault.
 */
public final class InputTooLarge extends IOException {

    private final transient Rejection rejection;

    public InputTooLarge(Rejection rejection) {
        super(rejection.rule() + " " + rejection.code() + ": " + rejection.message(), null);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
