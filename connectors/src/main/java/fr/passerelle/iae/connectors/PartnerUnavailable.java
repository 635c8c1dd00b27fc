package fr.passerelle.iae.connectors;

import java.time.Duration;

/**
 * A recoverable failure of a call to a partner's API: the partner is down, slow, over its rate limit, answered
 * something unreadable, or the circuit breaker is open. The work stays queued and is tried again later; business
 * refusals are answers, not exceptions.
 */
public abstract class PartnerUnavailable extends RuntimeException {

    private final String reason;
    private final Duration retryAfter;

    /** @param reason short code kept with the queued work ({@code HTTP_503}, {@code HTTP_429}, {@code TIMEOUT}…) */
    protected PartnerUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public String reason() {
        return reason;
    }

    /** Set for a 429: how long no call at all may be made. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean rateLimited() {
        return retryAfter != null;
    }
}
