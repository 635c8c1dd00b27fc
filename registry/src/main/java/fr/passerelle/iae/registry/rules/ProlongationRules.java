package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

/** Prolongations of a PASS (DOMAIN §1.9). */
public final class ProlongationRules {

    private ProlongationRules() {
    }

    /**
     * A new prolongation [start, end): input (reason, PROL-01), then the declarant (PROL-04), the state of the
     * PASS (PROL-03), the length (PROL-02) and last the prescriber's agreement (PROL-05).
     */
    public static Optional<Rejection> checkNew(LocalDate start, LocalDate end, ProlongationReason reason,
            ProlongationContext ctx) {
        if (!reason.usableForNew()) {
            // PROL-05 lists the reasons that can take effect; HEALTH_CONTEXT is not one of them since 2021-12-01.
            return reject("PROL-05", "INVALID_INPUT", "reason", "Ce motif de prolongation n'est plus accepté.");
        }
        if (!end.isAfter(start)) {
            return reject("PROL-01", "INVALID_INPUT", "endDate", "La date de fin doit être postérieure à la date de début.");
        }
        if (!start.equals(ctx.passEnd())) {
            return reject("PROL-01", "PROLONGATION_NOT_AT_END", "startDate",
                    "Une prolongation commence exactement à la date de fin du PASS IAE.");
        }
        if (!ctx.declarantHasHireOnPass() || !ctx.declarantKind().siae()) {
            return reject("PROL-04", "NOT_LAST_EMPLOYER", "siret",
                    "Seule une SIAE ayant embauché la personne sur ce PASS IAE peut le prolonger.");
        }
        if (!reason.allowedFor(ctx.declarantKind())) {
            return reject("PROL-04", "REASON_NOT_ALLOWED_FOR_KIND", "reason", "Ce motif de prolongation est réservé aux AI et aux ACI.");
        }
        Optional<Rejection> state = checkPassState(ctx);
        if (state.isPresent()) {
            return state;
        }
        long days = days(start, end);
        if (days > reason.maxDays()) {
            return reject("PROL-02", "PROLONGATION_TOO_LONG", "endDate",
                    "Une prolongation pour ce motif ne peut pas dépasser " + reason.maxDays() + " jours.");
        }
        if (days > remainingUnderCap(reason, ctx.daysAlreadyProlonged())) {
            return reject("PROL-02", "PROLONGATION_CAP_REACHED", "endDate",
                    "La durée cumulée des prolongations de ce PASS IAE dépasserait le plafond de ce motif.");
        }
        if (reason.needsPrescriber() && !ctx.validatedByAuthorizedPrescriber()) {
            return reject("PROL-05", "PRESCRIBER_VALIDATION_REQUIRED", "validatedBy",
                    "Ce motif de prolongation doit être validé par un prescripteur habilité.");
        }
        return Optional.empty();
    }

    /** PROL-01: duration of [start, end), in days. */
    public static long days(LocalDate start, LocalDate end) {
        return ChronoUnit.DAYS.between(start, end);
    }

    /** PROL-01 + PROL-02: latest end a prolongation starting at {@code passEnd} may have (passEnd itself when none is left). */
    public static LocalDate maxEnd(LocalDate passEnd, ProlongationReason reason, long daysAlreadyProlonged) {
        long allowed = Math.min(reason.maxDays(), remainingUnderCap(reason, daysAlreadyProlonged));
        return passEnd.plusDays(Math.max(0, allowed));
    }

    /** PROL-03: the declaration window, PASS end − 12 months … PASS end + 6 months, both included. */
    public static DateRange declarationWindow(LocalDate passEnd) {
        return new DateRange(passEnd.minusMonths(12), passEnd.plusMonths(6));
    }

    // PROL-03 names one code for all its conditions: a PASS that cannot be prolonged now is "outside the window".
    private static Optional<Rejection> checkPassState(ProlongationContext ctx) {
        if (!declarationWindow(ctx.passEnd()).contains(ctx.today())) {
            return reject("PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null,
                    "Une prolongation se déclare entre 12 mois avant et 6 mois après la fin du PASS IAE.");
        }
        if (!ctx.latestPassOfPerson()) {
            return reject("PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null, "Seul le dernier PASS IAE de la personne peut être prolongé.");
        }
        if (ctx.currentlySuspended()) {
            return reject("PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null, "Un PASS IAE suspendu ne peut pas être prolongé.");
        }
        return Optional.empty();
    }

    private static long remainingUnderCap(ProlongationReason reason, long daysAlreadyProlonged) {
        return reason.cumulativeCapDays().isPresent()
                ? reason.cumulativeCapDays().getAsInt() - daysAlreadyProlonged
                : Long.MAX_VALUE;
    }

    private static Optional<Rejection> reject(String rule, String code, String field, String message) {
        return Optional.of(new Rejection(rule, code, field, message));
    }
}
