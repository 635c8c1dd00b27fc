package fr.passerelle.iae.connectors.francetravail;

import java.time.Duration;

/**
 * A recoverable failure of a France Travail call (PARTNERS §3.3): timeout, network, HTTP status other than
 * 200/206, 204, 429, malformed body, or the circuit breaker open. The call may be made again later; business
 * refusals are answers, not exceptions.
 *
 * @param reason short code kept as the notification's exit code ({@code HTTP_503}, {@code HTTP_429}, {@code TIMEOUT}…)
 */
public class FranceTravailUnavailable extends RuntimeException {

    private final String reason;
    private final Duration retryAfter;

    public FranceTravailUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public FranceTravailUnavailable(String reason, String message) {
        this(reason, message, null, null);
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
