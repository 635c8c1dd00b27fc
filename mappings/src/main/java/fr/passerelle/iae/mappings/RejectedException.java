package fr.passerelle.iae.mappings;

/** Carries a {@link Rejection} up to the edge that reports it (API error body, reject file, Kafka reply). */
public class RejectedException extends RuntimeException {

    private final transient Rejection rejection;

    public RejectedException(Rejection rejection) {
        super(rejection.rule() + " " + rejection.code() + ": " + rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public RejectedException(String rule, String code, String field, String message) {
        this(new Rejection(rule, code, field, message));
    }

    /** For {@code optionalRejection.ifPresent(RejectedException::throwIt)}. */
    public static void throwIt(Rejection rejection) {
        throw new RejectedException(rejection);
    }

    public Rejection rejection() {
        return rejection;
    }
}
