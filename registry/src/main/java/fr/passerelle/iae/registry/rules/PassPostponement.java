package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.util.Optional;

/**
 * Moving the start of a PASS that has not started yet (PASS-14, PASS-22). The end is always recomputed with
 * PASS-10, never shifted: a PASS that has not started has no suspension (SUSP-05 wants S ≥ start, SUSP-03
 * S ≤ today) and no prolongation (PROL-03 opens 12 months before an end that is still ~24 months away).
 */
public final class PassPostponement {

    static final int MAX_POSTPONEMENT_DAYS = 30;

    private PassPostponement() {
    }

    /**
     * PASS-22: a new hire of the holder starting before a not-yet-started PASS pulls it earlier.
     * {@code newHireStart} is expected to have passed PASS-12 already (≥ today).
     */
    public static DateRange movedEarlier(DateRange pass, LocalDate newHireStart, LocalDate today) {
        if (!notStarted(pass, today) || !newHireStart.isBefore(pass.start())) {
            return pass;
        }
        return startingOn(newHireStart);
    }

    /** PASS-14: the hire date may be changed to today … today + 30 days before the PASS starts, to before its end after. */
    public static Optional<Rejection> checkPostponement(DateRange pass, LocalDate newHireStart, LocalDate today) {
        if (!notStarted(pass, today)) {
            return newHireStart.isBefore(pass.end()) ? Optional.empty()
                    : reject("HIRING_AFTER_PASS_END", "La nouvelle date d'embauche doit précéder la fin du PASS IAE.");
        }
        if (newHireStart.isBefore(today)) {
            return reject("HIRING_DATE_IN_PAST", "La nouvelle date d'embauche ne peut pas être dans le passé.");
        }
        if (newHireStart.isAfter(today.plusDays(MAX_POSTPONEMENT_DAYS))) {
            return reject("HIRING_DATE_TOO_FAR", "La nouvelle date d'embauche ne peut pas dépasser de plus de 30 jours la date du jour.");
        }
        return Optional.empty();
    }

    /** PASS-14: the PASS after an accepted change of hire date (earlier or later); a started PASS does not move. */
    public static DateRange postponed(DateRange pass, LocalDate newHireStart, LocalDate today) {
        return notStarted(pass, today) ? startingOn(newHireStart) : pass;
    }

    private static boolean notStarted(DateRange pass, LocalDate today) {
        return pass.start().isAfter(today);
    }

    private static DateRange startingOn(LocalDate start) {
        return new DateRange(start, PassDates.endFor(start));
    }

    private static Optional<Rejection> reject(String code, String message) {
        return Optional.of(new Rejection("PASS-14", code, HiringDates.FIELD, message));
    }
}
