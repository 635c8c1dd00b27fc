package fr.passerelle.iae.registry.outbox;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;

import org.apache.avro.Schema;
import org.apache.avro.message.BinaryMessageEncoder;
import org.apache.avro.specific.SpecificData;
import org.apache.avro.specific.SpecificRecord;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/**
 * Appends events to the transactional outbox. Callers are inside the registry change's transaction,
 * so the change and its event commit or roll back together; the relay route publishes them later, and the
 * {@link OutboxReaction}s of other domains run at once, in the same transaction.
 */
@Component
public class Outbox {

    public static final String PASS_EVENTS = "iae.pass.events.v1";
    public static final String EMPLOYER_EVENTS = "iae.employers.v1";
    public static final String EMPLOYEE_RECORD_EVENTS = "iae.employee-records.v1";

    private final JdbcClient jdbc;
    private final Map<Schema, BinaryMessageEncoder<SpecificRecord>> encoders = new ConcurrentHashMap<>();
    // looked up at first use: the reactions write through beans that append to this outbox themselves
    private final ObjectProvider<OutboxReaction<?>> reactionBeans;
    private volatile List<OutboxReaction<?>> reactions;

    @Autowired
    public Outbox(JdbcClient jdbc, ObjectProvider<OutboxReaction<?>> reactionBeans) {
        this.jdbc = jdbc;
        this.reactionBeans = reactionBeans;
    }

    /** An outbox no domain reacts to (the benchmarks' imports). */
    public Outbox(JdbcClient jdbc) {
        this.jdbc = jdbc;
        this.reactionBeans = null;
        this.reactions = List.of();
    }

    /**
     * Appends one event. Writers of one key queue on a lock of that key (held until their commit) before their row is
     * numbered: the relay, which publishes by number, then gives every key's events in commit order, even when the
     * writers lock nothing else in common (a file's chunk and an API call on one employer).
     */
    public void append(String topic, String key, String type, UUID eventId, SpecificRecord event) {
        jdbc.sql("WITH key_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(?, 0))) "
                        + "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) SELECT ?, ?, ?, ?, ? FROM key_lock")
                .params(topic + ":" + key, eventId, topic, key, type, encode(event))
                .update();
        react(topic, List.of(new Event(key, type, eventId, event)));
    }

    /**
     * Appends one event and, in the same statement (one round trip), a write of the caller that goes with it.
     *
     * @param alongside a data-modifying statement ({@code INSERT …}), run as a CTE before the event's row
     * @param params    its parameters
     */
    public void append(String topic, String key, String type, UUID eventId, SpecificRecord event, String alongside,
                       Object... params) {
        List<Object> all = new java.util.ArrayList<>(List.of(params));
        all.addAll(List.of(topic + ":" + key, eventId, topic, key, type, encode(event)));
        jdbc.sql("WITH alongside AS (" + alongside + "), key_lock AS (SELECT pg_advisory_xact_lock(hashtextextended(?, 0))) "
                        + "INSERT INTO outbox (event_id, topic, event_key, event_type, payload) SELECT ?, ?, ?, ?, ? FROM key_lock")
                .params(all)
                .update();
        react(topic, List.of(new Event(key, type, eventId, event)));
    }

    /** An event to append, with its key, type and id. */
    public record Event(String key, String type, UUID eventId, SpecificRecord event) {
    }

    /** Several events in one round trip (a chunk of a partner file), in order; keys locked in their order, as above. */
    public void appendAll(String topic, List<Event> events) {
        if (events.isEmpty()) {
            return;
        }
        String[] keys = events.stream().map(Event::key).toArray(String[]::new);
        jdbc.sql("""
                WITH key_locks AS (SELECT pg_advisory_xact_lock(hashtextextended(? || ':' || k, 0))
                                   FROM (SELECT DISTINCT k FROM unnest(?::text[]) AS k ORDER BY k) AS sorted)
                INSERT INTO outbox (event_id, topic, event_key, event_type, payload)
                SELECT u.event_id, ?, u.event_key, u.event_type, u.payload
                FROM unnest(?::uuid[], ?::text[], ?::text[], ?::bytea[]) WITH ORDINALITY AS u(event_id, event_key, event_type, payload, n)
                WHERE (SELECT count(*) FROM key_locks) > 0
                ORDER BY u.n
                """)
                .params(topic, keys, topic, events.stream().map(Event::eventId).toArray(UUID[]::new), keys,
                        events.stream().map(Event::type).toArray(String[]::new),
                        events.stream().map(e -> encode(e.event())).toArray(byte[][]::new))
                .update();
        react(topic, events);
    }

    @SuppressWarnings("unchecked")   // a reaction names its topic, and a topic carries one Avro record type
    private void react(String topic, List<Event> events) {
        if (reactions == null) {
            reactions = reactionBeans.orderedStream().toList();
        }
        for (OutboxReaction<?> reaction : reactions) {
            if (reaction.topic().equals(topic)) {
                List<SpecificRecord> wanted = events.stream().filter(e -> reaction.types().contains(e.type()))
                        .map(Event::event).toList();
                if (!wanted.isEmpty()) {
                    ((OutboxReaction<SpecificRecord>) reaction).react(wanted);
                }
            }
        }
    }

    /** Avro single-object encoding: the bytes carry the schema fingerprint, so no schema registry is needed. */
    public byte[] encode(SpecificRecord event) {
        BinaryMessageEncoder<SpecificRecord> encoder = encoders.computeIfAbsent(event.getSchema(),
                schema -> new BinaryMessageEncoder<>(SpecificData.getForSchema(schema), schema));
        try {
            ByteBuffer buffer = encoder.encode(event);
            byte[] bytes = new byte[buffer.remaining()];
            buffer.get(bytes);
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
