package fr.passerelle.iae.connectors.francetravail;

import java.time.Duration;

import fr.passerelle.iae.connectors.PartnerUnavailable;

/**
 * A recoverable failure of a France Travail call (PARTNERS §3.3): timeout, network, HTTP status other than
 * 200/206, 204, 429, malformed body, or the circuit breaker open; its reason is kept as the notification's exit code.
 */
public class FranceTravailUnavailable extends PartnerUnavailable {

    public FranceTravailUnavailable(String reason, String message, Duration retryAfter, Throwable cause) {
        super(reason, message, retryAfter, cause);
    }

    public FranceTravailUnavailable(String reason, String message) {
        this(reason, message, null, null);
    }
}
