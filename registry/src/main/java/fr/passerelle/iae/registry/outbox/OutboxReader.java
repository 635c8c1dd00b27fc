package fr.passerelle.iae.registry.outbox;

import java.sql.Timestamp;
import java.time.Clock;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** The relay's side of the outbox: oldest pending rows first, so events of one key keep their order. */
@Component
public class OutboxReader {

    // Relay nodes take this lock so that only one publishes at a time: order per key holds across nodes.
    private static final long RELAY_LOCK = 0x5041535352454c41L;

    private final JdbcClient jdbc;
    private final Clock clock;

    public OutboxReader(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    /** Must be called inside a transaction; false when another node holds the relay. */
    public boolean tryLeadRelay() {
        return jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(RELAY_LOCK).query(Boolean.class).single();
    }

    public List<PendingEvent> pending(int limit) {
        return jdbc.sql("""
                SELECT id, event_id, topic, event_key, event_type, payload FROM outbox
                WHERE published_at IS NULL ORDER BY id LIMIT ?""")
                .param(limit)
                .query((rs, n) -> new PendingEvent(rs.getLong(1), rs.getObject(2, UUID.class), rs.getString(3),
                        rs.getString(4), rs.getString(5), rs.getBytes(6)))
                .list();
    }

    public void markPublished(List<Long> ids) {
        if (ids.isEmpty()) {
            return;
        }
        jdbc.sql("UPDATE outbox SET published_at = ? WHERE id = ANY(?)")
                .params(Timestamp.from(clock.instant()), ids.toArray(Long[]::new))
                .update();
    }

    public long backlog() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single();
    }
}
