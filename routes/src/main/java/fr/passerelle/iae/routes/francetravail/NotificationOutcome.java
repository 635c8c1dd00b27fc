package fr.passerelle.iae.routes.francetravail;

import fr.passerelle.iae.registry.francetravail.NotificationQueue;
import fr.passerelle.iae.registry.francetravail.NotificationStatus;

/** What one notification attempt came to (PARTNERS §3.6): installed, refused for good, or to be tried again. */
public sealed interface NotificationOutcome permits NotificationOutcome.Installed, NotificationOutcome.Refused,
        NotificationOutcome.Deferred {

    /** {@code rech_individu} or {@code maj_pass}: the last endpoint called. */
    String endpoint();

    /** The exit code kept with the status. */
    String code();

    NotificationStatus status();

    /** The attempt's {@code maj-pass-iae} ended without a known outcome: France Travail may have installed the follow-up. */
    default boolean maybeInstalled() {
        return false;
    }

    /** HTTP 200 + S000, or S015 when an earlier attempt may have installed the follow-up (PARTNERS §3.5). */
    record Installed(String code) implements NotificationOutcome {
        @Override
        public String endpoint() {
            return NotificationQueue.UPDATE;
        }

        @Override
        public NotificationStatus status() {
            return NotificationStatus.SUCCESS;
        }
    }

    /** Final: a business refusal (any other exit code, EMPTY_ID, INVALID_SIAE_KIND), never sent again as is. */
    record Refused(String endpoint, String code) implements NotificationOutcome {
        @Override
        public NotificationStatus status() {
            return NotificationStatus.ERROR;
        }
    }

    /** Recoverable: network, timeout, HTTP status other than 200/206, 429, malformed body, breaker open. */
    record Deferred(String endpoint, String code, boolean maybeInstalled) implements NotificationOutcome {
        @Override
        public NotificationStatus status() {
            return NotificationStatus.SHOULD_RETRY;
        }
    }
}
