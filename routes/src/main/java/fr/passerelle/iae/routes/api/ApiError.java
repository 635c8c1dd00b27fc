package fr.passerelle.iae.routes.api;

/** A refusal of the HTTP layer itself (authentication, media type, size): never stored for idempotency. */
public class ApiError extends RuntimeException {

    private final int status;
    private final String code;
    private final String field;
    private final String rule;

    public ApiError(int status, String code, String field, String message) {
        this(status, code, "API-FORMAT", field, message);
    }

    public ApiError(int status, String code, String rule, String field, String message) {
        super(message, null, false, false);
        this.status = status;
        this.code = code;
        this.rule = rule;
        this.field = field;
    }

    public String rule() {
        return rule;
    }

    public int status() {
        return status;
    }

    public String code() {
        return code;
    }

    public String field() {
        return field;
    }
}
