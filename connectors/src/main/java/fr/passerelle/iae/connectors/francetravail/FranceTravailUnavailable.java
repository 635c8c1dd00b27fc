package fr.passerelle.iae.connectors.francetravail;

import java.time.Duration;

import fr.passerelle.iae.connectors.PartnerUnavailable;

/**
 * A recoverable failure of a France Travail call (PARTNERS §3.3): timeout, network, HTTP status other than
 * 200/206, 204, 429, malformed body, or the circuit breaker open; its reason is kept as the notification's exit code.
 */
public class FranceTravailUnavailable extends PartnerUnavailable {

    private final boolean outcomeUnknown;

    public FranceTravailUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        this(reason, message, retryAfter, cause, false);
    }

    public FranceTravailUnavailable(String reason, String message) {
        this(reason, message, null, null, false);
    }

    private FranceTravailUnavailable(String reason, String message, Duration retryAfter, Throwable cause, boolean outcomeUnknown) {
        super(reason, message, retryAfter, cause);
        this.outcomeUnknown = outcomeUnknown;
    }

    /** The request went out and no answer says what became of it (timeout, network, 5xx): see {@link #outcomeUnknown()}. */
    static FranceTravailUnavailable outcomeUnknown(String reason, String message, Throwable cause) {
        return new FranceTravailUnavailable(reason, message, null, cause, true);
    }

    /**
     * France Travail may have acted on the request without the hub learning how (PARTNERS §3.5: timeout, network
     * error, 5xx); an {@code S015} on the next attempt of a PASS notification is then its own earlier success. False
     * when the request never went out (token endpoint, breaker, connection refused) and when France Travail gave
     * an answer, even one the hub cannot use (204, 429, 4xx, a 200 without the expected body).
     */
    public boolean outcomeUnknown() {
        return outcomeUnknown;
    }
}
