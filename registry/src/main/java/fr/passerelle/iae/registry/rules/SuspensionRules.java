package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.time.temporal.ChronoUnit;
import java.util.Comparator;
import java.util.Optional;

/** Suspensions of a PASS (DOMAIN §1.8). */
public final class SuspensionRules {

    static final int MAX_MONTHS = 36;
    static final int MAX_RETROACTIVITY_DAYS = 365;

    private SuspensionRules() {
    }

    /**
     * A new suspension: input first (SUSP-09, SUSP-01), then who declares and the state of the PASS (SUSP-08),
     * then the requested dates (SUSP-03 … SUSP-07).
     */
    public static Optional<Rejection> checkNew(DateRange requested, SuspensionReason reason, SuspensionContext ctx) {
        LocalDate s = requested.start();
        LocalDate today = ctx.today();
        if (!reason.usableForNew()) {
            return reject("SUSP-09", "INVALID_INPUT", "reason", "Ce motif de suspension n'est plus accepté.");
        }
        if (requested.end().isBefore(s)) {
            return reject("SUSP-01", "INVALID_INPUT", "endDate", "La date de fin doit être postérieure ou égale à la date de début.");
        }
        if (!ctx.declarantIsLastEmployer() || !ctx.declarantKind().siae()) {
            return reject("SUSP-08", "NOT_LAST_EMPLOYER", "siret",
                    "Seule la SIAE ayant réalisé la dernière embauche peut suspendre ce PASS IAE.");
        }
        if (!reason.allowedFor(ctx.declarantKind())) {
            return reject("SUSP-08", "REASON_NOT_ALLOWED_FOR_KIND", "reason",
                    "Ce motif de suspension est réservé aux EI et aux ACI.");
        }
        if (!new DateRange(ctx.passStart(), ctx.passEnd()).contains(today)) {
            return reject("SUSP-08", "SUSPENSION_OUTSIDE_PASS", null, "Seul un PASS IAE en cours peut être suspendu.");
        }
        if (ctx.existingSuspensions().stream().anyMatch(e -> e.contains(today))) {
            return reject("SUSP-08", "SUSPENSION_OVERLAP", null, "Ce PASS IAE est déjà suspendu.");
        }
        if (s.isAfter(today)) {
            return reject("SUSP-03", "SUSPENSION_IN_FUTURE", "startDate", "Une suspension ne peut pas commencer dans le futur.");
        }
        if (s.isBefore(ctx.passStart()) || s.isAfter(ctx.passEnd())) {
            return reject("SUSP-05", "SUSPENSION_OUTSIDE_PASS", "startDate",
                    "La suspension doit commencer pendant la durée du PASS IAE.");
        }
        if (s.isBefore(today.minusDays(MAX_RETROACTIVITY_DAYS))) {
            return reject("SUSP-04", "SUSPENSION_TOO_OLD", "startDate",
                    "Une suspension ne peut pas commencer plus de 365 jours avant sa déclaration.");
        }
        LocalDate minStart = minStart(ctx);
        if (minStart != null && s.isBefore(minStart)) {
            return reject("SUSP-06", "SUSPENSION_TOO_OLD", "startDate",
                    "La suspension doit commencer après la fin de la précédente ou, à défaut, au début de la dernière embauche.");
        }
        if (requested.end().isAfter(maxEnd(s))) {
            return reject("SUSP-02", "SUSPENSION_TOO_LONG", "endDate", "Une suspension ne peut pas durer plus de 36 mois.");
        }
        if (ctx.existingSuspensions().stream().anyMatch(requested::overlaps)) {
            return reject("SUSP-07", "SUSPENSION_OVERLAP", "startDate", "Cette suspension chevauche une suspension existante.");
        }
        return Optional.empty();
    }

    /** SUSP-02: last day a suspension starting on {@code start} may cover. */
    public static LocalDate maxEnd(LocalDate start) {
        return start.plusMonths(MAX_MONTHS).minusDays(1);
    }

    /**
     * SUSP-06: the day after the latest suspension already ended, otherwise the start of the last SIAE hire
     * (the rule says "otherwise": an ended suspension takes precedence, as on the platform). Null if neither.
     */
    static LocalDate minStart(SuspensionContext ctx) {
        return ctx.existingSuspensions().stream()
                .filter(e -> e.end().isBefore(ctx.today()))
                .map(DateRange::end)
                .max(Comparator.naturalOrder())
                .map(end -> end.plusDays(1))
                .orElse(ctx.lastSiaeHireStart());
    }

    /** SUSP-10 (DECISION): a suspension from S to E adds E − S + 1 days to the PASS end. */
    public static LocalDate endWith(LocalDate passEnd, DateRange added) {
        return passEnd.plusDays(added.days());
    }

    /** SUSP-10: deleting a suspension removes the days it added. */
    public static LocalDate endWithout(LocalDate passEnd, DateRange removed) {
        return passEnd.minusDays(removed.days());
    }

    /**
     * Ending a suspension early (API {@code …/suspensions/{id}/end}), an edit of its end:
     * SUSP-01 newEnd ≥ start; newEnd before the current end (otherwise it is not an early end);
     * the suspension must not be over yet, as SUSP-08 only lets the last SIAE handle a suspension in progress;
     * and newEnd ≥ yesterday, like PASS-23 which cuts at hire date − 1 with hire date ≥ today (PASS-12):
     * days already spent suspended were reported to ASP and France Travail and are not taken back.
     * NOT_LAST_EMPLOYER (SUSP-08) is the caller's check; use the overload with the reason for SUSP-09.
     */
    public static Optional<Rejection> checkEarlyEnd(DateRange current, LocalDate newEnd, LocalDate today) {
        if (newEnd.isBefore(current.start())) {
            return reject("SUSP-01", "INVALID_INPUT", "endDate", "La date de fin ne peut pas précéder le début de la suspension.");
        }
        if (!newEnd.isBefore(current.end())) {
            return reject("SUSP-01", "INVALID_INPUT", "endDate", "La nouvelle date de fin doit précéder la date de fin actuelle.");
        }
        if (current.end().isBefore(today)) {
            return reject("SUSP-08", "INVALID_INPUT", "endDate", "Cette suspension est déjà terminée.");
        }
        if (newEnd.isBefore(today.minusDays(1))) {
            return reject("PASS-23", "INVALID_INPUT", "endDate", "Une suspension peut être levée au plus tôt à la date d'hier.");
        }
        return Optional.empty();
    }

    /** {@link #checkEarlyEnd(DateRange, LocalDate, LocalDate)} plus SUSP-09: a legacy suspension cannot be edited. */
    public static Optional<Rejection> checkEarlyEnd(DateRange current, SuspensionReason reason, LocalDate newEnd, LocalDate today) {
        if (!reason.usableForNew()) {
            return reject("SUSP-09", "INVALID_INPUT", "reason", "Une suspension pour ce motif ne peut plus être modifiée.");
        }
        return checkEarlyEnd(current, newEnd, today);
    }

    /** SUSP-10: the PASS end after a suspension's end moved from {@code current.end()} to {@code newEnd}. */
    public static LocalDate endAfterEarlyEnd(LocalDate passEnd, DateRange current, LocalDate newEnd) {
        return passEnd.minusDays(ChronoUnit.DAYS.between(newEnd, current.end()));
    }

    /**
     * PASS-23: a suspension in progress when a new hire is declared ends the day before the hire; empty when it
     * started on the hire date (deleted). "Cut" never lengthens it: one ending before the hire keeps its end.
     */
    public static Optional<DateRange> cutAtHire(DateRange inProgress, LocalDate hiringStart) {
        if (!hiringStart.isAfter(inProgress.start())) {
            return Optional.empty();
        }
        LocalDate dayBefore = hiringStart.minusDays(1);
        return Optional.of(new DateRange(inProgress.start(),
                dayBefore.isBefore(inProgress.end()) ? dayBefore : inProgress.end()));
    }

    private static Optional<Rejection> reject(String rule, String code, String field, String message) {
        return Optional.of(new Rejection(rule, code, field, message));
    }
}
