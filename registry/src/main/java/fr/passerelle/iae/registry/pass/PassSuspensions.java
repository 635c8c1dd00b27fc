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
import fr.passerelle.iae.registry.rules.DateRange;
import fr.passerelle.iae.registry.rules.SuspensionContext;
import fr.passerelle.iae.registry.rules.SuspensionReason;
import fr.passerelle.iae.registry.rules.SuspensionRules;

/** Suspensions of a PASS and their effect on its end date (DOMAIN §1.8). */
@Component
public class PassSuspensions {

    public record SuspensionRequest(String startDate, String endDate, String reason, String siret) {
    }

    private final JdbcClient jdbc;
    private final PassStore passes;
    private final PassEvents events;
    private final LastHire lastHire;
    private final Clock clock;
    private final RegistryTransaction transaction;

    public PassSuspensions(JdbcClient jdbc, PassStore passes, PassEvents events, LastHire lastHire, Clock clock,
                           RegistryTransaction transaction) {
        this.jdbc = jdbc;
        this.passes = passes;
        this.events = events;
        this.lastHire = lastHire;
        this.clock = clock;
        this.transaction = transaction;
    }

    public String suspend(String rawNumber, SuspensionRequest request) {
        String number = PassNumber.parse(rawNumber, "number").orThrow().value();
        RequestFields.required(request, "body");
        LocalDate start = RequestFields.date(request.startDate(), "startDate");
        LocalDate end = RequestFields.date(request.endDate(), "endDate");
        SuspensionReason reason = RequestFields.enumValue(SuspensionReason.class, request.reason(), "reason");
        Siret siret = Siret.parse(RequestFields.requiredText(request.siret(), "siret"), "siret").orThrow();
        LocalDate today = BusinessDate.today(clock);
        return transaction.run(() -> {
            PassRow pass = passes.lock(number).orElseThrow(() -> PassNotFound.of(number));
            LastHire.Hire last = lastHire.of(pass.personId()).orElse(null);
            DateRange requested = new DateRange(start, end);
            SuspensionContext context = new SuspensionContext(pass.startDate(), pass.endDate(), passes.suspensionsOf(number),
                    last == null ? pass.startDate() : last.hiringStart(),
                    last != null && last.siret().equals(siret.value()),
                    last == null ? null : last.kind(), today);
            SuspensionRules.checkNew(requested, reason, context).ifPresent(RejectedException::throwIt);
            UUID id = UUID.randomUUID();
            jdbc.sql("INSERT INTO suspension (id, pass_number, start_date, end_date, reason, siret, created_on) VALUES (?, ?, ?, ?, ?, ?, ?)")
                    .params(id, number, start, end, reason.name(), siret.value(), today)
                    .update();
            LocalDate newEnd = SuspensionRules.endWith(pass.endDate(), requested);
            passes.updateDates(number, pass.startDate(), newEnd);
            events.record(events.about(PassEventType.PassSuspended, pass.withDates(pass.startDate(), newEnd))
                    .setPreviousEndDate(pass.endDate())
                    .setPeriodId(id.toString()).setPeriodStartDate(start).setPeriodEndDate(end).setReason(reason.name())
                    .build());
            return number;
        });
    }

    /** Ends a suspension early: the PASS end is pulled back by the days no longer suspended (SUSP-10). */
    public String endEarly(String rawNumber, String suspensionId, String rawEndDate) {
        String number = PassNumber.parse(rawNumber, "number").orThrow().value();
        LocalDate newEnd = RequestFields.date(rawEndDate, "endDate");
        UUID id = uuid(suspensionId);
        LocalDate today = BusinessDate.today(clock);
        return transaction.run(() -> {
            PassRow pass = passes.lock(number).orElseThrow(() -> PassNotFound.of(number));
            record Current(DateRange range, SuspensionReason reason) {
            }
            Current suspension = jdbc.sql("SELECT start_date, end_date, reason FROM suspension WHERE id = ? AND pass_number = ?")
                    .params(id, number)
                    .query((rs, n) -> new Current(new DateRange(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)),
                            SuspensionReason.valueOf(rs.getString(3))))
                    .optional()
                    .orElseThrow(() -> new PassNotFound("La suspension " + suspensionId + " n'existe pas sur le PASS IAE " + number + "."));
            SuspensionRules.checkEarlyEnd(suspension.range(), suspension.reason(), newEnd, today).ifPresent(RejectedException::throwIt);
            DateRange shortened = new DateRange(suspension.range().start(), newEnd);
            LocalDate passEnd = SuspensionRules.endAfterEarlyEnd(pass.endDate(), suspension.range(), newEnd);
            jdbc.sql("UPDATE suspension SET end_date = ? WHERE id = ?").params(newEnd, id).update();
            passes.updateDates(number, pass.startDate(), passEnd);
            events.record(events.about(PassEventType.PassSuspensionEnded, pass.withDates(pass.startDate(), passEnd))
                    .setPreviousEndDate(pass.endDate())
                    .setPeriodId(id.toString()).setPeriodStartDate(shortened.start()).setPeriodEndDate(newEnd)
                    .build());
            return number;
        });
    }

    private static UUID uuid(String id) {
        try {
            return UUID.fromString(id);
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PassNotFound("La suspension " + id + " n'existe pas.");
        }
    }
}
