package fr.passerelle.iae.registry.pass;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import fr.passerelle.iae.registry.rules.PassStatus;

/** A PASS as {@code GET /api/v1/passes/{number}} shows it (API.md). */
public record PassView(String number, LocalDate startDate, LocalDate endDate, PassStatus status, String origin,
                       UUID personId, EmployerRef employer, List<Suspension> suspensions, List<Prolongation> prolongations,
                       Notifications notifications, List<HistoryLine> history) {

    public record EmployerRef(String siret, String kind) {
    }

    public record Suspension(UUID id, LocalDate startDate, LocalDate endDate, String reason) {
    }

    public record Prolongation(UUID id, LocalDate startDate, LocalDate endDate, String reason, ValidatedBy validatedBy) {
    }

    public record ValidatedBy(String prescriberKind, String organizationSiret) {
    }

    public record Notifications(Notification franceTravail) {
    }

    public record Notification(String status, String exitCode, Instant at) {
    }

    public record HistoryLine(Instant at, String event) {
    }
}
