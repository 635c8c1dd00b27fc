package fr.passerelle.iae.registry.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PersonalData;

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
        addToHour(flow, clock.instant(), processed, rejected, 0);
    }

    /** @param error shown to operators (ops API, dashboard, health): personal values are masked here, once (ID-10) */
    public void failure(String flow, String error) {
        jdbc.sql("""
                INSERT INTO flow_state (flow, last_error_at, last_error, consecutive_failures) VALUES (?, ?, ?, 1)
                ON CONFLICT (flow) DO UPDATE SET last_error_at = excluded.last_error_at, last_error = excluded.last_error,
                    consecutive_failures = flow_state.consecutive_failures + 1""")
                .params(flow, Timestamp.from(clock.instant()), PersonalData.mask(error))
                .update();
        addToHour(flow, clock.instant(), 0, 0, 1);
    }

    /** Adds counts to the hour holding {@code at}; request-driven flows call it with what they counted in memory. */
    public void addToHour(String flow, Instant at, long processed, long rejected, long failures) {
        if (processed == 0 && rejected == 0 && failures == 0) {
            return;
        }
        jdbc.sql("""
                INSERT INTO flow_hour (flow, hour, processed, rejected, failures) VALUES (?, date_trunc('hour', ?::timestamptz), ?, ?, ?)
                ON CONFLICT (flow, hour) DO UPDATE SET processed = flow_hour.processed + excluded.processed,
                    rejected = flow_hour.rejected + excluded.rejected, failures = flow_hour.failures + excluded.failures""")
                .params(flow, Timestamp.from(at), processed, rejected, failures)
                .update();
    }

    public record HourCount(String flow, Instant hour, long processed, long rejected, long failures) {
    }

    /** Hour buckets from {@code since} on (only hours with activity). */
    public List<HourCount> hoursSince(Instant since) {
        return jdbc.sql("SELECT flow, hour, processed, rejected, failures FROM flow_hour WHERE hour >= date_trunc('hour', ?::timestamptz) ORDER BY hour")
                .param(Timestamp.from(since))
                .query((rs, n) -> new HourCount(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5)))
                .list();
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
