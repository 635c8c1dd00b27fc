package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.util.Optional;

/** Hire start dates accepted on a hire declaration (PASS-12, PASS-21). */
public final class HiringDates {

    static final String FIELD = "hiringStartDate";

    private HiringDates() {
    }

    /** PASS-12: today ≤ hire start ≤ today + 6 months (calendar), today being the declaration date. */
    public static Optional<Rejection> checkNewHire(LocalDate hiringStart, LocalDate today) {
        if (hiringStart.isBefore(today)) {
            return Optional.of(new Rejection("PASS-12", "HIRING_DATE_IN_PAST", FIELD,
                    "La date de début d'embauche ne peut pas être antérieure à la date de déclaration."));
        }
        if (hiringStart.isAfter(today.plusMonths(6))) {
            return Optional.of(new Rejection("PASS-12", "HIRING_DATE_TOO_FAR", FIELD,
                    "La date de début d'embauche ne peut pas dépasser de plus de 6 mois la date de déclaration."));
        }
        return Optional.empty();
    }

    /** PASS-21: a hire reusing the person's PASS must start on or before its end. */
    public static Optional<Rejection> checkReuse(LocalDate hiringStart, LocalDate passEnd) {
        if (hiringStart.isAfter(passEnd)) {
            return Optional.of(new Rejection("PASS-21", "HIRING_AFTER_PASS_END", FIELD,
                    "L'embauche commence après la fin du PASS IAE en cours de la personne."));
        }
        return Optional.empty();
    }
}
