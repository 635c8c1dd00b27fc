package fr.passerelle.iae.registry.rules;

import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Objects;

/**
 * Dates from {@code start} to {@code end}, both included (DOMAIN conventions).
 * An inverted range (end before start) can be built on purpose, so that a request carrying one is refused
 * with its rule and code (SUSP-01) instead of failing with an exception.
 */
public record DateRange(LocalDate start, LocalDate end) {

    public DateRange {
        Objects.requireNonNull(start, "start");
        Objects.requireNonNull(end, "end");
    }

    /** Number of days covered, both ends counted: a one-day range has 1. */
    public long days() {
        return ChronoUnit.DAYS.between(start, end) + 1;
    }

    public boolean contains(LocalDate d) {
        return !d.isBefore(start) && !d.isAfter(end);
    }

    /** True when both ranges share at least one day (touching bounds overlap). */
    public boolean overlaps(DateRange o) {
        return !start.isAfter(o.end) && !o.start.isAfter(end);
    }
}
