package fr.passerelle.iae.registry;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;

/** Business dates are days in Europe/Paris (ARCHITECTURE: "Time is explicit"). */
public final class BusinessDate {

    public static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private BusinessDate() {
    }

    public static LocalDate of(Instant instant) {
        return LocalDate.ofInstant(instant, PARIS);
    }

    public static LocalDate today(Clock clock) {
        return of(clock.instant());
    }
}
