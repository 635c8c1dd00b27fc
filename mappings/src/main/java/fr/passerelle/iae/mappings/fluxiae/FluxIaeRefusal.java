package fr.passerelle.iae.mappings.fluxiae;

import fr.passerelle.iae.mappings.Rejection;

/** A whole-file error of a fluxIAE view (PARTNERS §2.2): the delivery is refused and nothing is applied. */
public class FluxIaeRefusal extends Exception {

    static final String RULE = "PARTNERS-2.2";

    private final transient Rejection rejection;
    private final long line;

    public FluxIaeRefusal(String rule, String code, String field, long line, String message) {
        super(code + " line " + line + ": " + message, null, false, false);
        this.rejection = new Rejection(rule, code, field, message);
        this.line = line;
    }

    /** A refusal that a reader of the view's bytes made (a bound, an archive that does not open), at {@code line}. */
    public FluxIaeRefusal(Rejection rejection, long line) {
        super(rejection.code() + " line " + line + ": " + rejection.message(), null, false, false);
        this.rejection = rejection;
        this.line = line;
    }

    public Rejection rejection() {
        return rejection;
    }

    /** The line at fault, 0 when the file as a whole is. */
    public long line() {
        return line;
    }
}
