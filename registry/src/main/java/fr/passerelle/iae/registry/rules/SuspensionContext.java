package fr.passerelle.iae.registry.rules;

import java.time.LocalDate;
import java.util.List;

/**
 * What {@link SuspensionRules#checkNew} needs to know about the PASS and the declarant.
 *
 * @param existingSuspensions every suspension already recorded on this PASS
 * @param lastSiaeHireStart   start date of the person's last hire by an SIAE (SUSP-06), null if none
 * @param declarantIsLastEmployer whether the declaring SIAE made that last hire (SUSP-08)
 * @param today               declaration date
 */
public record SuspensionContext(LocalDate passStart, LocalDate passEnd, List<DateRange> existingSuspensions,
        LocalDate lastSiaeHireStart, boolean declarantIsLastEmployer, EmployerKind declarantKind, LocalDate today) {

    public SuspensionContext {
        existingSuspensions = existingSuspensions == null ? List.of() : List.copyOf(existingSuspensions);
    }
}
