package fr.passerelle.iae.registry.journal;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PersonalData;

/** Runs of a flow started on demand, with their state, readable from every hub node. */
@Component
public class FlowRuns {

    public enum State { RUNNING, DONE, FAILED }

    /** The lease a run holds while its node runs it, named with the run's id after this. */
    public static final String LEASE = "run:";

    private static final String NODE_LOST = "Le nœud qui exécutait ce run a disparu (arrêt brutal) : run interrompu.";

    /** {@code processed} and {@code rejected} are known once the run is DONE, {@code error} once it FAILED. */
    public record Run(UUID id, String flow, State state, Instant startedAt, Instant finishedAt, Long processed,
                      Long rejected, String error, String node) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public FlowRuns(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** A new run of {@code flow}, RUNNING on {@code node} from now; written in the caller's transaction if there is one. */
    public Run start(String flow, String node) {
        Run run = new Run(UUID.randomUUID(), flow, State.RUNNING, clock.instant(), null, null, null, null, node);
        jdbc.sql("INSERT INTO ops_run (id, flow, state, started_at, node) VALUES (?, ?, 'RUNNING', ?, ?)")
                .params(run.id(), flow, Timestamp.from(run.startedAt()), node)
                .update();
        return run;
    }

    public void done(UUID id, long processed, long rejected) {
        jdbc.sql("UPDATE ops_run SET state = 'DONE', finished_at = ?, processed = ?, rejected = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), processed, rejected, id)
                .update();
    }

    /** @param error shown to operators: personal values are masked here (ID-10) */
    public void failed(UUID id, String error) {
        jdbc.sql("UPDATE ops_run SET state = 'FAILED', finished_at = ?, error = ? WHERE id = ?")
                .params(Timestamp.from(clock.instant()), PersonalData.mask(error), id)
                .update();
    }

    public Optional<Run> find(UUID id) {
        // a RUNNING run whose lease expired lost its node: said FAILED rather than RUNNING for ever
        return jdbc.sql("""
                        SELECT r.id, r.flow, r.state, r.started_at, r.finished_at, r.processed, r.rejected, r.error, r.node,
                               r.state = 'RUNNING' AND NOT EXISTS (SELECT 1 FROM lease l WHERE l.name = ? || r.id
                                                                   AND l.expires_at > clock_timestamp()) AS lost
                        FROM ops_run r WHERE r.id = ?""")
                .params(LEASE, id)
                .query((rs, n) -> rs.getBoolean(10)
                        ? new Run(rs.getObject(1, UUID.class), rs.getString(2), State.FAILED, rs.getTimestamp(4).toInstant(), null,
                                null, null, NODE_LOST, rs.getString(9))
                        : new Run(rs.getObject(1, UUID.class), rs.getString(2), State.valueOf(rs.getString(3)),
                                rs.getTimestamp(4).toInstant(), instant(rs.getTimestamp(5)), count(rs, 6), count(rs, 7),
                                rs.getString(8), rs.getString(9)))
                .optional();
    }

    private static Long count(ResultSet rs, int column) throws SQLException {
        long value = rs.getLong(column);
        return rs.wasNull() ? null : value;
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
