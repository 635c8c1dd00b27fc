package fr.passerelle.iae.registry.pass;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.RegistryTransaction;
import fr.passerelle.iae.registry.employer.Employer;
import fr.passerelle.iae.registry.employer.EmployerRegistry;
import fr.passerelle.iae.registry.employer.EmployerStatus;
import fr.passerelle.iae.registry.person.Person;
import fr.passerelle.iae.registry.person.PersonMatching;
import fr.passerelle.iae.registry.rules.DateRange;
import fr.passerelle.iae.registry.rules.Diagnosis;
import fr.passerelle.iae.registry.rules.EligibilityRules;
import fr.passerelle.iae.registry.rules.HiringDates;
import fr.passerelle.iae.registry.rules.PassDates;
import fr.passerelle.iae.registry.rules.PassPostponement;
import fr.passerelle.iae.registry.rules.PassStatus;
import fr.passerelle.iae.registry.rules.SuspensionReason;
import fr.passerelle.iae.registry.rules.SuspensionRules;
import fr.passerelle.iae.registry.rules.WaitingPeriod;

/**
 * Decides a hire's PASS (DOMAIN §1.3–1.5): reuse the person's current PASS, issue a new number, or refuse.
 * Idempotent (PASS-24): the same person + employer + hire date returns the PASS of the first request.
 */
@Component
public class PassIssuance {

    private final JdbcClient jdbc;
    private final PersonMatching persons;
    private final EmployerRegistry employers;
    private final PassStore passes;
    private final PassEvents events;
    private final AgrementsAtHire agrements;
    private final RegistryTransaction transaction;
    private final String prefix;

    public PassIssuance(JdbcClient jdbc, PersonMatching persons, EmployerRegistry employers, PassStore passes,
                        PassEvents events, AgrementsAtHire agrements, RegistryTransaction transaction,
                        @Value("${passerelle.registry.issuer-prefix:99999}") String prefix) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.agrements = agrements;
        this.employers = employers;
        this.passes = passes;
        this.events = events;
        this.transaction = transaction;
        if (prefix == null || prefix.length() != 5) {
            throw new IllegalArgumentException("PASS-02: the issuer prefix must have 5 characters, got " + prefix);
        }
        this.prefix = prefix;
    }

    /** @param declaredAt when the hire was declared: "today" of every date rule (DOMAIN conventions) */
    public IssuanceResult issue(IssuanceRequest request, Instant declaredAt) {
        LocalDate today = BusinessDate.of(declaredAt);
        ValidIssuance valid = IssuanceValidation.validate(request, today);
        return transaction.run(() -> decide(valid, today, declaredAt));
    }

    private IssuanceResult decide(ValidIssuance request, LocalDate today, Instant declaredAt) {
        if (!request.kind().siae()) {
            throw new RejectedException("PASS-25", "EMPLOYER_NOT_SIAE", "employer.kind",
                    "Seule une structure d'insertion (ACI, AI, EI, EITI, ETTI) peut obtenir un PASS IAE.");
        }
        Person person = persons.matchOrCreate(request.identity());
        // LEG-07: an agrément stored before this person was known is their PASS (or their waiting period) from now on
        agrements.linkAtHire(person);
        Employer employer = employers.findOrRegisterUnverified(request.siret().value(), request.kind());
        if (employer.status() == EmployerStatus.INACTIVE) {
            throw new RejectedException("PASS-25", "EMPLOYER_INACTIVE", "employer.siret",
                    "Le conventionnement de cette structure a pris fin depuis plus de 30 jours.");
        }
        Optional<IssuanceResult> sameHire = sameHire(person, employer, request.hiringStart(), today);
        if (sameHire.isPresent()) {
            return sameHire.get();
        }
        HiringDates.checkNewHire(request.hiringStart(), today).ifPresent(RejectedException::throwIt);
        Optional<PassRow> latest = passes.latestOf(person.id());
        if (latest.isPresent() && PassDates.currentOrFuture(latest.get().endDate(), today)) {
            return reuse(latest.get(), person, employer, request, today, declaredAt);
        }
        if (request.diagnosis() == null) {
            throw new RejectedException("PASS-26", "DIAGNOSIS_EXPIRED", "eligibility",
                    "Un diagnostic d'éligibilité valide est nécessaire pour délivrer un nouveau PASS IAE.");
        }
        if (latest.isPresent() && WaitingPeriod.applies(latest.get().endDate(), today)) {
            Optional<Diagnosis> diagnosis = Optional.of(request.diagnosis()).filter(d -> d.validOn(today));
            if (!WaitingPeriod.lifted(request.origin().sentByAuthorizedPrescriber(), diagnosis, today)) {
                throw new RejectedException("PASS-32", "WAITING_PERIOD", null,
                        "La personne est en délai de carence jusqu'au " + latest.get().endDate().plusYears(2)
                                + " : seul un prescripteur habilité peut le lever.");
            }
        }
        EligibilityRules.checkForIssuance(request.diagnosis(), request.kind(), request.siret().value(), today)
                .ifPresent(RejectedException::throwIt);
        return issueNew(person, employer, request, today, declaredAt);
    }

    /** PASS-24: a request repeated under another key finds the hire the first one created. */
    private Optional<IssuanceResult> sameHire(Person person, Employer employer, LocalDate hiringStart, LocalDate today) {
        return jdbc.sql("SELECT id, pass_number FROM hire WHERE person_id = ? AND employer_id = ? AND hiring_start_date = ? "
                        + "AND cancelled_at IS NULL")
                .params(person.id(), employer.id(), hiringStart)
                .query((rs, n) -> {
                    UUID hireId = rs.getObject(1, UUID.class);
                    return passes.find(rs.getString(2)).map(pass -> result(pass, IssuanceResult.Decision.REUSED, hireId, today));
                })
                .optional()
                .flatMap(found -> found);
    }

    /** PASS-21 … PASS-23. */
    private IssuanceResult reuse(PassRow pass, Person person, Employer employer, ValidIssuance request, LocalDate today,
                                 Instant declaredAt) {
        PassRow current = passes.lock(pass.number()).orElseThrow();
        if (request.hiringStart().isAfter(current.endDate())) {
            throw new RejectedException("PASS-21", "HIRING_AFTER_PASS_END", "hiringStartDate",
                    "L'embauche commence après la fin du PASS IAE en cours (" + current.endDate() + ").");
        }
        DateRange moved = PassPostponement.movedEarlier(current.period(), request.hiringStart(), today);
        if (!moved.equals(current.period())) {
            passes.updateDates(current.number(), moved.start(), moved.end());
            PassRow before = current;
            current = current.withDates(moved.start(), moved.end());
            events.record(events.about(PassEventType.PassStartMoved, current)
                    .setPreviousStartDate(before.startDate()).setPreviousEndDate(before.endDate()).build());
        }
        current = liftSuspension(current, request.hiringStart(), today);
        UUID hireId = insertHire(current.number(), person, employer, request, declaredAt);
        events.record(events.about(PassEventType.PassReused, current).setHiringStartDate(request.hiringStart()).build());
        return result(current, IssuanceResult.Decision.REUSED, hireId, today);
    }

    /** PASS-23: a suspension in progress is cut at the day before the new hire (deleted if it starts that day). */
    private PassRow liftSuspension(PassRow pass, LocalDate hiringStart, LocalDate today) {
        record Running(UUID id, DateRange range, String reason) {
        }
        List<Running> running = jdbc.sql("SELECT id, start_date, end_date, reason FROM suspension "
                        + "WHERE pass_number = ? AND start_date <= ? AND end_date >= ?")
                .params(pass.number(), today, today)
                .query((rs, n) -> new Running(rs.getObject(1, UUID.class),
                        new DateRange(rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class)), rs.getString(4)))
                .list();
        PassRow current = pass;
        for (Running suspension : running) {
            if (!SuspensionReason.valueOf(suspension.reason()).liftedByNewHire()) {
                continue;
            }
            Optional<DateRange> kept = SuspensionRules.cutAtHire(suspension.range(), hiringStart);
            LocalDate end = SuspensionRules.endWithout(current.endDate(), suspension.range());
            if (kept.isPresent()) {
                end = SuspensionRules.endWith(end, kept.get());
                jdbc.sql("UPDATE suspension SET end_date = ? WHERE id = ?").params(kept.get().end(), suspension.id()).update();
            } else {
                jdbc.sql("DELETE FROM suspension WHERE id = ?").param(suspension.id()).update();
            }
            passes.updateDates(current.number(), current.startDate(), end);
            PassRow before = current;
            current = current.withDates(current.startDate(), end);
            events.record(events.about(PassEventType.PassSuspensionEnded, current)
                    .setPeriodId(suspension.id().toString())
                    .setPeriodStartDate(suspension.range().start())
                    .setPeriodEndDate(kept.map(DateRange::end).orElse(null))
                    .setReason(suspension.reason())
                    .setPreviousEndDate(before.endDate())
                    .build());
        }
        return current;
    }

    private IssuanceResult issueNew(Person person, Employer employer, ValidIssuance request, LocalDate today,
                                    Instant declaredAt) {
        String number = nextNumber();
        LocalDate start = request.hiringStart();
        LocalDate end = PassDates.endFor(start);
        UUID diagnosisId = UUID.randomUUID();
        UUID hireId = UUID.randomUUID();
        Diagnosis d = request.diagnosis();
        PassOrigin origin = request.origin();
        // one statement, one round trip: the issuance path is the hub's hottest (FK checks run at its end)
        jdbc.sql("""
                WITH number AS (INSERT INTO pass_number (number) VALUES (?)),
                     diagnosis AS (INSERT INTO diagnosis (id, person_id, author, prescriber_kind, author_siret, criteria, created_on)
                                   VALUES (?, ?, ?, ?, ?, ?, ?)),
                     pass AS (INSERT INTO pass (number, person_id, start_date, end_date, origin, diagnosis_id, origin_siret, origin_kind,
                                                origin_sender, origin_prescriber_kind, origin_prescriber_authorized)
                              VALUES (?, ?, ?, ?, 'ISSUED', ?, ?, ?, ?, ?, ?))
                INSERT INTO hire (id, pass_number, person_id, employer_id, siret, kind, hiring_start_date, accepted_at, sender,
                                  prescriber_kind, prescriber_authorized)
                VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""")
                .params(number,
                        diagnosisId, person.id(), d.author().name(), d.prescriberKind(), d.authorSiret(),
                        d.criteria().stream().map(Enum::name).sorted().toArray(String[]::new), d.createdOn(),
                        number, person.id(), start, end, diagnosisId, employer.siret(), employer.kind().name(),
                        origin.sender().name(), origin.prescriberKind(), origin.prescriberAuthorized(),
                        hireId, number, person.id(), employer.id(), employer.siret(), employer.kind().name(), start,
                        Timestamp.from(declaredAt), origin.sender().name(), origin.prescriberKind(), origin.prescriberAuthorized())
                .update();
        PassRow pass = new PassRow(number, person.id(), start, end, "ISSUED", employer.siret(), employer.kind().name());
        // a new PASS has no suspension yet: its status needs no query
        PassStatus status = PassDates.status(start, end, List.of(), today);
        events.record(events.about(PassEventType.PassIssued, pass, status.name()).setHiringStartDate(start).build());
        return new IssuanceResult(number, start, end, status, IssuanceResult.Decision.ISSUED, person.id(), hireId);
    }

    /** PASS-01, PASS-04, PASS-06: the sequence never goes back and stops at 9 999 999. */
    private String nextNumber() {
        long counter;
        try {
            counter = jdbc.sql("SELECT nextval('pass_counter')").query(Long.class).single();
        } catch (DataAccessException e) {
            if (e.getMessage() != null && e.getMessage().contains("reached maximum value")) {
                throw new RejectedException("PASS-06", "PASS_NUMBER_EXHAUSTED", null,
                        "Plus aucun numéro de PASS IAE n'est disponible pour ce préfixe émetteur.");
            }
            throw e;
        }
        return PassNumber.issued(prefix, counter).value();
    }

    /** A hire on a PASS it did not issue keeps its own sender: its fiche salarié's orienteur (PARTNERS §1.6). */
    private UUID insertHire(String number, Person person, Employer employer, ValidIssuance request, Instant declaredAt) {
        UUID id = UUID.randomUUID();
        PassOrigin origin = request.origin();
        jdbc.sql("INSERT INTO hire (id, pass_number, person_id, employer_id, siret, kind, hiring_start_date, accepted_at, sender, "
                        + "prescriber_kind, prescriber_authorized) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")
                .params(id, number, person.id(), employer.id(), employer.siret(), employer.kind().name(),
                        request.hiringStart(), Timestamp.from(declaredAt), origin.sender().name(), origin.prescriberKind(),
                        origin.prescriberAuthorized())
                .update();
        return id;
    }

    private IssuanceResult result(PassRow pass, IssuanceResult.Decision decision, UUID hireId, LocalDate today) {
        return new IssuanceResult(pass.number(), pass.startDate(), pass.endDate(),
                PassDates.status(pass.startDate(), pass.endDate(), passes.suspensionsOf(pass.number()), today),
                decision, pass.personId(), hireId);
    }
}
