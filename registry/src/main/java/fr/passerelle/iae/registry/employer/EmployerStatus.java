package fr.passerelle.iae.registry.employer;

import java.time.Duration;
import java.time.Instant;

/** EMP-30 statuses. GRACE and INACTIVE are derived from the deactivation time (EMP-32). */
public enum EmployerStatus {
    ACTIVE, GRACE, INACTIVE, UNVERIFIED, CLOSED;

    static final Duration GRACE_PERIOD = Duration.ofDays(30);

    /** The status on {@code now} of an employer stored with {@code stored} and deactivated at {@code deactivatedAt}. */
    static EmployerStatus on(EmployerStatus stored, Instant deactivatedAt, Instant now) {
        if (deactivatedAt == null || stored == CLOSED || stored == UNVERIFIED) {
            return stored;
        }
        return now.isAfter(deactivatedAt.plus(GRACE_PERIOD)) ? INACTIVE : GRACE;
    }
}
