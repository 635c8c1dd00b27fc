package fr.passerelle.iae.routes.api;

import java.time.Duration;

/**
 * The hub cannot take this request now (a bounded resource of this node is full): answered 429 with
 * {@code Retry-After}. Not an answer stored with the idempotency key, so the same request can come again.
 */
public class TryLater extends RuntimeException {

    private final String code;
    private final Duration retryAfter;

    public TryLater(String code, String message, Duration retryAfter) {
        super(message, null, false, false);
        this.code = code;
        this.retryAfter = retryAfter;
    }

    public String code() {
        return code;
    }

    public Duration retryAfter() {
        return retryAfter;
    }
}
