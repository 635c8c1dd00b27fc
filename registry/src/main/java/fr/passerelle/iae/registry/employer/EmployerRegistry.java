package fr.passerelle.iae.registry.employer;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.rules.EmployerKind;
import fr.passerelle.iae.registry.sirene.SireneStates;

/** The employer side of the registry used by PASS issuance (PASS-25). */
@Component
public class EmployerRegistry {

    private final JdbcClient jdbc;
    private final Outbox outbox;
    private final SireneStates sirene;
    private final Clock clock;

    public EmployerRegistry(JdbcClient jdbc, Outbox outbox, SireneStates sirene, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.sirene = sirene;
        this.clock = clock;
    }

    /** The employer (SIRET, kind), also when the SIRET is a previous one of the employer (EMP-20, EMP-40). */
    public Optional<Employer> find(String siret, EmployerKind kind) {
        return jdbc.sql("""
                SELECT id, siret, kind, name, status, deactivated_at FROM employer WHERE siret = ? AND kind = ?
                UNION ALL
                SELECT e.id, e.siret, e.kind, e.name, e.status, e.deactivated_at
                FROM employer_previous_siret p JOIN employer e ON e.id = p.employer_id WHERE p.siret = ? AND e.kind = ?
                LIMIT 1""")
                .params(siret, kind.name(), siret, kind.name())
                .query(this::employer)
                .optional();
    }

    /**
     * The employer (SIRET, kind), registered {@code UNVERIFIED} when unknown (PASS-25): the conventionnement
     * feed and SIRENE confirm it later. Safe under concurrency: the unique (SIRET, kind) decides. A SIRET SIRENE
     * recently said unknown or closed is refused (EMP-41); the database queues the SIRENE check of a new one.
     */
    public Employer findOrRegisterUnverified(String siret, EmployerKind kind) {
        Optional<Employer> known = find(siret, kind);
        if (known.isPresent()) {
            return known.get();
        }
        sirene.registrationRefusal(siret, "employer.siret").ifPresent(RejectedException::throwIt);
        UUID id = UUID.randomUUID();
        int inserted = jdbc.sql("""
                INSERT INTO employer (id, siret, kind, status) VALUES (?, ?, ?, 'UNVERIFIED')
                ON CONFLICT (siret, kind) DO NOTHING""")
                .params(id, siret, kind.name())
                .update();
        if (inserted == 1) {
            Instant now = clock.instant();
            UUID eventId = UUID.randomUUID();
            outbox.append(Outbox.EMPLOYER_EVENTS, siret, EmployerEventType.EmployerRegistered.name(), eventId,
                    EmployerEvent.newBuilder()
                            .setEventId(eventId)
                            .setOccurredAt(now)
                            .setType(EmployerEventType.EmployerRegistered)
                            .setSiret(siret)
                            .setKind(kind.name())
                            .build());
        }
        return find(siret, kind).orElseThrow();
    }

    private Employer employer(ResultSet rs, int row) throws SQLException {
        Timestamp deactivated = rs.getTimestamp("deactivated_at");
        Instant deactivatedAt = deactivated == null ? null : deactivated.toInstant();
        EmployerStatus stored = EmployerStatus.valueOf(rs.getString("status"));
        return new Employer(rs.getObject("id", UUID.class), rs.getString("siret"), EmployerKind.valueOf(rs.getString("kind")),
                rs.getString("name"), EmployerStatus.on(stored, deactivatedAt, clock.instant()), deactivatedAt);
    }
}
