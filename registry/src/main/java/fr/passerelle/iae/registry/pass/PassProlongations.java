package fr.passerelle.iae.registry.pass;

import java.time.Clock;
import java.time.LocalDate;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RequestFields;
import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.RegistryTransaction;
import fr.passerelle.iae.registry.rules.EmployerKind;
import fr.passerelle.iae.registry.rules.PassDates;
import fr.passerelle.iae.registry.rules.PassStatus;
import fr.passerelle.iae.registry.rules.ProlongationContext;
import fr.passerelle.iae.registry.rules.ProlongationReason;
import fr.passerelle.iae.registry.rules.ProlongationRules;

/** Prolongations of a PASS (DOMAIN §1.9): each starts on the current end and becomes the new end. */
@Component
public class PassProlongations {

    public record ProlongationRequest(String endDate, String reason, String siret, ValidatedBy validatedBy) {
    }

    public record ValidatedBy(String prescriberKind, String organizationSiret) {
    }

    private final JdbcClient jdbc;
    private final PassStore passes;
    private final PassEvents events;
    private final Clock clock;
    private final RegistryTransaction transaction;

    public PassProlongations(JdbcClient jdbc, PassStore passes, PassEvents events, Clock clock,
                             RegistryTransaction transaction) {
        this.jdbc = jdbc;
        this.passes = passes;
        this.events = events;
        this.clock = clock;
        this.transaction = transaction;
    }

    public String prolong(String rawNumber, ProlongationRequest request) {
        String number = PassNumber.parse(rawNumber, "number").orThrow().value();
        RequestFields.required(request, "body");
        LocalDate end = RequestFields.date(request.endDate(), "endDate");
        ProlongationReason reason = RequestFields.enumValue(ProlongationReason.class, request.reason(), "reason");
        Siret siret = Siret.parse(RequestFields.requiredText(request.siret(), "siret"), "siret").orThrow();
        ValidatedBy validatedBy = request.validatedBy();
        if (validatedBy != null) {
            RequestFields.requiredText(validatedBy.prescriberKind(), "validatedBy.prescriberKind");
            Siret.parse(RequestFields.requiredText(validatedBy.organizationSiret(), "validatedBy.organizationSiret"),
                    "validatedBy.organizationSiret").orThrow();
        }
        LocalDate today = BusinessDate.today(clock);
        return transaction.run(() -> {
            PassRow pass = passes.lock(number).orElseThrow(() -> PassNotFound.of(number));
            EmployerKind declarantKind = jdbc.sql("SELECT kind FROM hire WHERE pass_number = ? AND siret = ? AND cancelled_at IS NULL "
                            + "ORDER BY accepted_at DESC LIMIT 1")
                    .params(number, siret.value())
                    .query((rs, n) -> EmployerKind.valueOf(rs.getString(1)))
                    .optional().orElse(null);
            boolean latest = passes.latestOf(pass.personId()).map(p -> p.number().equals(number)).orElse(false);
            boolean suspended = PassDates.status(pass.startDate(), pass.endDate(), passes.suspensionsOf(number), today)
                    == PassStatus.SUSPENDED;
            long alreadyProlonged = jdbc.sql("SELECT coalesce(sum(end_date - start_date), 0) FROM prolongation WHERE pass_number = ?")
                    .param(number).query(Long.class).single();
            ProlongationContext context = new ProlongationContext(pass.endDate(), latest, suspended, alreadyProlonged,
                    declarantKind != null, declarantKind, validatedBy != null, today);
            // PROL-01: a prolongation always starts on the current end
            LocalDate start = pass.endDate();
            ProlongationRules.checkNew(start, end, reason, context).ifPresent(RejectedException::throwIt);
            UUID id = UUID.randomUUID();
            jdbc.sql("""
                    INSERT INTO prolongation (id, pass_number, start_date, end_date, reason, siret, validated_by_kind, validated_by_siret)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(id, number, start, end, reason.name(), siret.value(),
                            validatedBy == null ? null : validatedBy.prescriberKind(),
                            validatedBy == null ? null : validatedBy.organizationSiret().replace(" ", ""))
                    .update();
            passes.updateDates(number, pass.startDate(), end);
            events.record(events.about(PassEventType.PassProlonged, pass.withDates(pass.startDate(), end))
                    .setPreviousEndDate(pass.endDate())
                    .setPeriodId(id.toString()).setPeriodStartDate(start).setPeriodEndDate(end).setReason(reason.name())
                    .build());
            return number;
        });
    }
}
