package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.asp.Employee;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;
import fr.passerelle.iae.mappings.asp.FicheSalarieLines;
import fr.passerelle.iae.registry.rules.EmployerKind;

/**
 * The fiche salarié of a hire (PARTNERS FS-01…FS-04), in the caller's transaction: created NEW with the list of what
 * is missing, or READY when complete. A hire declared again with more data completes its waiting fiche.
 */
@Component
public class FicheSalarieCreation {

    /** FS-01: hires before these dates never get a fiche salarié. */
    static final LocalDate FIRST_HIRE = LocalDate.of(2021, 9, 27);
    static final LocalDate FIRST_EITI_HIRE = LocalDate.of(2024, 3, 25);

    /** What the API answers about the hire's fiche salarié. */
    public record Summary(UUID id, FicheSalarieStatus status, List<String> missing) {
    }

    private record Hire(UUID id, String passNumber, UUID employerId, EmployerKind kind, LocalDate start) {
    }

    private final JdbcClient jdbc;
    private final FicheSalarieFactsSource facts;
    private final FicheSalarieJournal journal;
    private final Clock clock;

    public FicheSalarieCreation(JdbcClient jdbc, FicheSalarieFactsSource facts, FicheSalarieJournal journal, Clock clock) {
        this.jdbc = jdbc;
        this.facts = facts;
        this.journal = journal;
        this.clock = clock;
    }

    /** Empty when the hire gets no fiche salarié (FS-01, or FS-03: one exists for this PASS at this mother SIRET). */
    public Optional<Summary> forHire(UUID hireId, Employee employee) {
        jdbc.sql("""
                INSERT INTO hire_employee (hire_id, employee, received_at) VALUES (?, ?::jsonb, ?)
                ON CONFLICT (hire_id) DO UPDATE SET employee = excluded.employee, received_at = excluded.received_at""")
                .params(hireId, FicheSalarieFactsSource.json(employee), Timestamp.from(clock.instant()))
                .update();
        return create(hireId, null);
    }

    /**
     * FS-01 met later: the hire waited for its employer's convention ({@link HiresAwaitingConvention}); its fiche is
     * built from the employee data kept with the hire, with the same rules.
     */
    Optional<Summary> afterConvention(UUID hireId) {
        return create(hireId, HiresAwaitingConvention.REASON);
    }

    private Optional<Summary> create(UUID hireId, String why) {
        Hire hire = jdbc.sql("SELECT id, pass_number, employer_id, kind, hiring_start_date FROM hire WHERE id = ?")
                .param(hireId)
                .query((rs, n) -> new Hire(rs.getObject(1, UUID.class), rs.getString(2), rs.getObject(3, UUID.class),
                        EmployerKind.valueOf(rs.getString(4)), rs.getObject(5, LocalDate.class)))
                .single();
        if (!hire.kind().siae() || hire.start().isBefore(hire.kind() == EmployerKind.EITI ? FIRST_EITI_HIRE : FIRST_HIRE)) {
            return Optional.empty();
        }
        Optional<String> motherSiret = motherSiret(hire.employerId());
        if (motherSiret.isEmpty()) {
            return Optional.empty();   // FS-01: no convention, ASP does not know the structure
        }
        Optional<Existing> existing = jdbc.sql("SELECT id, hire_id, status FROM fiche_salarie WHERE pass_number = ? AND siret = ? FOR UPDATE")
                .params(hire.passNumber(), motherSiret.get())
                .query((rs, n) -> new Existing(rs.getObject(1, UUID.class), rs.getObject(2, UUID.class),
                        FicheSalarieStatus.valueOf(rs.getString(3))))
                .optional();
        if (existing.isPresent()) {
            if (!existing.get().hireId().equals(hireId)) {
                return Optional.empty();   // FS-03
            }
            return Optional.of(complete(existing.get().id(), existing.get().status(), motherSiret.get(), why));
        }
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO fiche_salarie (id, hire_id, pass_number, siret, measure, status, created_at, updated_at)
                VALUES (?, ?, ?, ?, ?, 'NEW', ?, ?) ON CONFLICT (pass_number, siret) DO NOTHING""")
                .params(id, hireId, hire.passNumber(), motherSiret.get(), hire.kind().aspMeasure(),
                        Timestamp.from(clock.instant()), Timestamp.from(clock.instant()))
                .update();
        if (inserted == 0) {
            return Optional.empty();   // FS-03, decided by the database under concurrency
        }
        journal.record(id, "create", FicheSalarieStatus.NEW, FicheSalarieFacts.CREATION, FicheSalarieJournal.AspRef.NONE, why);
        return Optional.of(complete(id, FicheSalarieStatus.NEW, motherSiret.get(), why));
    }

    private record Existing(UUID id, UUID hireId, FicheSalarieStatus status) {
    }

    /** FS-02: the list of what is missing; a complete NEW or REJECTED fiche becomes READY with its mother SIRET read again (FS-04). */
    private Summary complete(UUID id, FicheSalarieStatus status, String motherSiret, String why) {
        FicheSalarieFacts current = facts.of(id, FicheSalarieFacts.CREATION).orElseThrow();
        List<String> missing = FicheSalarieLines.missing(current);
        if (status != FicheSalarieStatus.NEW && status != FicheSalarieStatus.REJECTED) {
            return new Summary(id, status, List.of());
        }
        jdbc.sql("UPDATE fiche_salarie SET missing = ?, updated_at = ? WHERE id = ?")
                .params(missing.toArray(String[]::new), Timestamp.from(clock.instant()), id)
                .update();
        if (!missing.isEmpty()) {
            return new Summary(id, status, missing);
        }
        FicheSalarieStatus ready = FicheSalarieTransition.READY.from(status);
        jdbc.sql("UPDATE fiche_salarie SET status = ?, siret = ?, updated_at = ? WHERE id = ?")
                .params(ready.name(), motherSiret, Timestamp.from(clock.instant()), id)
                .update();
        journal.record(id, "ready", ready, FicheSalarieFacts.CREATION, FicheSalarieJournal.AspRef.NONE, why);
        return new Summary(id, ready, List.of());
    }

    /**
     * FS-04, EMP-12: the SIRET ASP knows for the hiring establishment's convention, i.e. the current SIRET of the
     * employer holding the ASP structure id (the mother); an antenna has the mother's convention but no structure id.
     */
    public Optional<String> motherSiret(UUID employerId) {
        return jdbc.sql("""
                SELECT m.siret FROM employer e
                JOIN employer m ON m.convention_id = e.convention_id AND m.asp_id IS NOT NULL
                WHERE e.id = ? AND e.convention_id IS NOT NULL
                ORDER BY (m.id = e.id) DESC LIMIT 1""")
                .param(employerId)
                .query(String.class)
                .optional();
    }
}
