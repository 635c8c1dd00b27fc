package fr.passerelle.iae.connectors.timestamp;

import fr.passerelle.iae.connectors.PartnerUnavailable;

/**
 * No token from the timestamp authority this time: it is down, slow, refused the request, or answered something that
 * is not a token for it. Recoverable: the next request stamps a later checkpoint, which covers this one.
 */
public class TimestampUnavailable extends PartnerUnavailable {

    /** @param reason {@code HTTP_503}, {@code TIMEOUT}, {@code NETWORK}, {@code REJECTED}, {@code MALFORMED} or {@code MISMATCH} */
    public TimestampUnavailable(String reason, String message, Throwable cause) {
        super(reason, message, null, cause);
    }
}
