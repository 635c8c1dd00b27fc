package fr.passerelle.iae.registry.pass;

import java.time.LocalDate;
import java.util.UUID;

import fr.passerelle.iae.registry.rules.DateRange;

/** A PASS as stored in the PASS registry (not cancelled). */
public record PassRow(String number, UUID personId, LocalDate startDate, LocalDate endDate, String origin,
                      String originSiret, String originKind) {

    public DateRange period() {
        return new DateRange(startDate, endDate);
    }

    public PassRow withDates(LocalDate start, LocalDate end) {
        return new PassRow(number, personId, start, end, origin, originSiret, originKind);
    }
}
