package fr.passerelle.iae.registry.rules;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.List;
import java.util.Optional;

/** Dates and status of a PASS (DOMAIN §1.3, §1.5 PASS-30, §1.6). */
public final class PassDates {

    /** PASS-10: 730 days, both ends included. */
    static final int DURATION_DAYS = 730;

    private PassDates() {
    }

    /** PASS-10: end = start + 729 days. */
    public static LocalDate endFor(LocalDate start) {
        return start.plusDays(DURATION_DAYS - 1);
    }

    /** §1.6, checked in the table's order; never {@link PassStatus#CANCELLED}, which only the cancelled registry knows. */
    public static PassStatus status(LocalDate start, LocalDate end, List<DateRange> suspensions, LocalDate today) {
        if (today.isAfter(end)) {
            return PassStatus.EXPIRED;
        }
        if (suspensions.stream().anyMatch(s -> s.contains(today))) {
            return PassStatus.SUSPENDED;
        }
        if (!start.isAfter(today)) {
            return PassStatus.VALID;
        }
        return PassStatus.FUTURE;
    }

    /** PASS-40: FUTURE, VALID or SUSPENDED, i.e. end ≥ today. */
    public static boolean currentOrFuture(LocalDate end, LocalDate today) {
        return !end.isBefore(today);
    }

    /** PASS-30: the current-or-future PASS if any, otherwise the latest end (tie: earliest start). */
    public static Optional<DateRange> latest(Collection<DateRange> passes) {
        // A current-or-future PASS ends on or after today and every other one before: the latest end picks it.
        return passes.stream().max(Comparator.comparing(DateRange::end)
                .thenComparing(DateRange::start, Comparator.reverseOrder()));
    }
}
