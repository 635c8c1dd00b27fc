package fr.passerelle.iae.connectors.sirene;

import java.time.Duration;

import fr.passerelle.iae.connectors.PartnerUnavailable;

/**
 * A recoverable failure of a SIRENE call (PARTNERS §4.6): 401, 429, 5xx, timeout, network, malformed body or the
 * circuit breaker open. The verification stays queued and is tried again later.
 */
public class SireneUnavailable extends PartnerUnavailable {

    public SireneUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        super(reason, message, retryAfter, cause);
    }

    public SireneUnavailable(String reason, String message) {
        this(reason, message, null, null);
    }

    /** Worth trying again at once, after a back-off: an outage, not a refusal of the key or of the pace. */
    boolean transientFault() {
        return !rateLimited() && !reason().equals("HTTP_401") && !reason().equals("CIRCUIT_OPEN");
    }
}
