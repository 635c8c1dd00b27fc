package fr.passerelle.iae.connectors.sirene;

import java.time.Duration;

/**
 * A recoverable failure of a SIRENE call (PARTNERS §4.6): 401, 429, 5xx, timeout, network, malformed body or the
 * circuit breaker open. The verification stays queued and is tried again later.
 *
 * @param reason short code kept on the queued verification ({@code HTTP_503}, {@code HTTP_429}, {@code TIMEOUT}…)
 */
public class SireneUnavailable extends RuntimeException {

    private final String reason;
    private final Duration retryAfter;

    public SireneUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        super(message, cause);
        this.reason = reason;
        this.retryAfter = retryAfter;
    }

    public SireneUnavailable(String reason, String message) {
        this(reason, message, null, null);
    }

    public String reason() {
        return reason;
    }

    /** Set for a 429: how long no request at all may be made. */
    public Duration retryAfter() {
        return retryAfter;
    }

    public boolean rateLimited() {
        return retryAfter != null;
    }

    /** Worth trying again at once, after a back-off: an outage, not a refusal of the key or of the pace. */
    boolean transientFault() {
        return !rateLimited() && !reason.equals("HTTP_401") && !reason.equals("CIRCUIT_OPEN");
    }
}
