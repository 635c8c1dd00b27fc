package fr.passerelle.iae.registry.fichesalarie;

import java.sql.Date;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.core.annotation.Order;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.outbox.OutboxReaction;
import fr.passerelle.iae.registry.rules.EmployerKind;

/**
 * Hires that hold a PASS but wait for their fiche salarié because ASP does not know their employer yet (FS-01: no
 * convention; PASS-25 registered the employer UNVERIFIED). When the conventionnement feed gives the employer its
 * convention (EMP-24 attachment, a new or reactivated convention), their fiches are created in the import's transaction
 * from the employee data kept with each hire: nothing waits silently, and nothing is typed twice into the extranet. As
 * for a new hire, a convention ASP knows the employer by is what FS-01 asks, whether or not it is active today (an
 * employer in its grace period still hires, EMP-32).
 */
@Component
@Order(2)
public class HiresAwaitingConvention implements OutboxReaction<EmployerEvent> {

    private static final Logger LOG = LoggerFactory.getLogger(HiresAwaitingConvention.class);

    /** History detail of a fiche created once its employer's convention arrived. */
    public static final String REASON = "convention ASP reçue";

    /** A waiting hire as operators see it: no personal data, the hiring SIRET and what the employer is. */
    public record Waiting(UUID hireId, String passNumber, String siret, String kind, LocalDate hiringStartDate,
                          String employerStatus, OffsetDateTime acceptedAt) {
    }

    private static final String SIAE = Arrays.stream(EmployerKind.values()).filter(EmployerKind::siae)
            .map(kind -> "'" + kind.name() + "'").collect(Collectors.joining(", "));

    /**
     * Hires declared for a fiche salarié (API.md hires: their employee block is kept) that FS-01 would give one were
     * their employer known to ASP, that have none and whose employer has no mother SIRET
     * (FicheSalarieCreation#motherSiret): no convention, or a convention without the employer ASP knows. A PASS
     * request alone ({@code POST /api/v1/passes}) never asks for a fiche.
     */
    private static final String WAITING = """
            FROM hire h
            JOIN hire_employee d ON d.hire_id = h.id
            JOIN employer e ON e.id = h.employer_id
            WHERE h.cancelled_at IS NULL
              AND h.kind IN (%s)
              AND h.hiring_start_date >= CASE WHEN h.kind = 'EITI' THEN ?::date ELSE ?::date END
              AND EXISTS (SELECT 1 FROM pass p WHERE p.number = h.pass_number)
              AND NOT EXISTS (SELECT 1 FROM fiche_salarie f WHERE f.hire_id = h.id)
              AND NOT EXISTS (SELECT 1 FROM employer m WHERE m.convention_id = e.convention_id AND m.asp_id IS NOT NULL)
            """.formatted(SIAE);

    private final JdbcClient jdbc;
    private final FicheSalarieCreation creation;

    public HiresAwaitingConvention(JdbcClient jdbc, FicheSalarieCreation creation) {
        this.jdbc = jdbc;
        this.creation = creation;
    }

    @Override
    public String topic() {
        return Outbox.EMPLOYER_EVENTS;
    }

    @Override
    public Set<String> types() {
        return Set.of(EmployerEventType.ConventionActivated.name(), EmployerEventType.ConventionDeactivated.name());
    }

    /**
     * In the conventions import chunk's transaction: an employer ASP knows got its convention (EMP-24 attachment, a new
     * or reactivated convention: a Convention* event of that SIRET and kind), so the waiting hires of every employer of
     * that convention get their fiches; FicheSalarieCreation applies FS-01…FS-04 as for a new hire.
     */
    @Override
    public void react(List<EmployerEvent> events) {
        List<UUID> hires = jdbc.sql("""
                SELECT h.id FROM hire h
                JOIN hire_employee d ON d.hire_id = h.id
                JOIN employer e ON e.id = h.employer_id
                WHERE e.convention_id IN (SELECT m.convention_id FROM employer m
                                          JOIN unnest(?::text[], ?::text[]) AS c(siret, kind) ON m.siret = c.siret AND m.kind = c.kind)
                  AND h.cancelled_at IS NULL
                  AND NOT EXISTS (SELECT 1 FROM fiche_salarie f WHERE f.hire_id = h.id)
                  AND EXISTS (SELECT 1 FROM pass p WHERE p.number = h.pass_number)
                ORDER BY h.accepted_at, h.id""")
                .params(events.stream().map(EmployerEvent::getSiret).toArray(String[]::new),
                        events.stream().map(EmployerEvent::getKind).toArray(String[]::new))
                .query(UUID.class)
                .list();
        int created = 0;
        for (UUID hire : hires) {
            if (creation.afterConvention(hire).isPresent()) {
                created++;
            }
        }
        if (created > 0) {
            LOG.info("{} fiches salarié created for hires that waited for their convention (FS-01)", created);
        }
    }

    /** The waiting hires, oldest first. */
    public List<Waiting> list(int limit) {
        return jdbc.sql("""
                SELECT h.id, h.pass_number, h.siret, h.kind, h.hiring_start_date, e.status, h.accepted_at
                """ + WAITING + " ORDER BY h.accepted_at, h.id LIMIT ?")
                .params(Date.valueOf(FicheSalarieCreation.FIRST_EITI_HIRE), Date.valueOf(FicheSalarieCreation.FIRST_HIRE), limit)
                .query((rs, n) -> new Waiting(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getString(4),
                        rs.getObject(5, LocalDate.class), rs.getString(6),
                        rs.getTimestamp(7).toInstant().atOffset(ZoneOffset.UTC)))
                .list();
    }

    /** How many hires wait, for the {@code hires} flow's backlog. */
    public long count() {
        return jdbc.sql("SELECT count(*) " + WAITING)
                .params(Date.valueOf(FicheSalarieCreation.FIRST_EITI_HIRE), Date.valueOf(FicheSalarieCreation.FIRST_HIRE))
                .query(Long.class)
                .single();
    }
}
