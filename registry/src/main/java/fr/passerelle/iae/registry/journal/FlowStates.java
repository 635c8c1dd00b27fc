package fr.passerelle.iae.registry.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** Outcome counters of each flow, shared by every hub node (the ops API reads them). */
@Component
public class FlowStates {

    public record FlowState(String flow, Instant lastSuccessAt, Instant lastErrorAt, String lastError, long processed,
                            long rejected, int consecutiveFailures) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;

    public FlowStates(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public void success(String flow, long processed, long rejected) {
        jdbc.sql("""
                INSERT INTO flow_state (flow, last_success_at, processed, rejected) VALUES (?, ?, ?, ?)
                ON CONFLICT (flow) DO UPDATE SET last_success_at = excluded.last_success_at,
                    processed = flow_state.processed + excluded.processed, rejected = flow_state.rejected + excluded.rejected,
                    consecutive_failures = 0""")
                .params(flow, Timestamp.from(clock.instant()), processed, rejected)
                .update();
    }

    public void failure(String flow, String error) {
        jdbc.sql("""
                INSERT INTO flow_state (flow, last_error_at, last_error, consecutive_failures) VALUES (?, ?, ?, 1)
                ON CONFLICT (flow) DO UPDATE SET last_error_at = excluded.last_error_at, last_error = excluded.last_error,
                    consecutive_failures = flow_state.consecutive_failures + 1""")
                .params(flow, Timestamp.from(clock.instant()), error)
                .update();
    }

    public Map<String, FlowState> all() {
        return jdbc.sql("SELECT flow, last_success_at, last_error_at, last_error, processed, rejected, consecutive_failures FROM flow_state")
                .query((rs, n) -> new FlowState(rs.getString(1), instant(rs.getTimestamp(2)), instant(rs.getTimestamp(3)),
                        rs.getString(4), rs.getLong(5), rs.getLong(6), rs.getInt(7)))
                .list().stream()
                .collect(Collectors.toMap(FlowState::flow, Function.identity()));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }
}
