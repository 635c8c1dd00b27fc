package fr.passerelle.iae.registry.deadletter;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.mappings.identity.PersonalData;

/**
 * Messages a flow could not process after its retries (a fault of the hub, not a refusal of the sender): kept
 * whole, with the endpoint they came from, so that an operator can replay them once the cause is fixed, or
 * discard them. Nothing is lost in between.
 */
@Component
public class DeadLetters {

    public enum Status { PENDING, REPLAYED, DISCARDED }

    public record DeadLetter(UUID id, String flow, String endpoint, Map<String, String> headers, byte[] payload,
                             String error, Status status, Instant createdAt, Instant updatedAt) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String COLUMNS = "id, flow, endpoint, headers::text, payload, error, status, created_at, updated_at";

    private final JdbcClient jdbc;
    private final Clock clock;

    public DeadLetters(JdbcClient jdbc, Clock clock) {
        this.jdbc = jdbc;
        this.clock = clock;
    }

    public UUID record(String flow, String endpoint, Map<String, String> headers, byte[] payload, String error) {
        UUID id = UUID.randomUUID();
        jdbc.sql("""
                INSERT INTO dead_letter (id, flow, endpoint, headers, payload, error, created_at)
                VALUES (?, ?, ?, ?::jsonb, ?, ?, ?)""")
                .params(id, flow, endpoint, json(headers), payload, PersonalData.mask(error).replace("\u0000", "\\u0000"),
                        Timestamp.from(clock.instant()))
                .update();
        return id;
    }

    /** Newest first; {@code status} null for every status. */
    public List<DeadLetter> recent(Status status, int limit) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE (?::text IS NULL OR status = ?) ORDER BY created_at DESC, id LIMIT ?")
                .params(status == null ? null : status.name(), status == null ? null : status.name(), limit)
                .query(DeadLetters::row)
                .list();
    }

    public Optional<DeadLetter> find(UUID id) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ?").param(id).query(DeadLetters::row).optional();
    }

    /**
     * Moves a PENDING letter to {@code to}, locking it so that two operators clicking at once cannot replay it
     * twice; empty when it is unknown or no longer pending. Run it in the transaction of the replay itself.
     */
    public Optional<DeadLetter> settle(UUID id, Status to) {
        Optional<DeadLetter> letter = jdbc.sql("SELECT " + COLUMNS + " FROM dead_letter WHERE id = ? AND status = 'PENDING' FOR UPDATE")
                .param(id).query(DeadLetters::row).optional();
        Instant now = clock.instant();
        letter.ifPresent(l -> jdbc.sql("UPDATE dead_letter SET status = ?, updated_at = ? WHERE id = ?")
                .params(to.name(), Timestamp.from(now), id).update());
        return letter.map(l -> new DeadLetter(l.id(), l.flow(), l.endpoint(), l.headers(), l.payload(), l.error(), to,
                l.createdAt(), now));
    }

    /** PENDING letters per flow, in one query (the ops view shows every flow at once). */
    public Map<String, Long> pendingByFlow() {
        Map<String, Long> pending = new LinkedHashMap<>();
        jdbc.sql("SELECT flow, count(*) FROM dead_letter WHERE status = 'PENDING' GROUP BY flow")
                .query((rs, n) -> pending.put(rs.getString(1), rs.getLong(2))).list();
        return pending;
    }

    private static DeadLetter row(ResultSet rs, int n) throws SQLException {
        Timestamp updated = rs.getTimestamp(9);
        return new DeadLetter(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), headers(rs.getString(4)),
                rs.getBytes(5), rs.getString(6), Status.valueOf(rs.getString(7)), rs.getTimestamp(8).toInstant(),
                updated == null ? null : updated.toInstant());
    }

    // PostgreSQL text and jsonb cannot hold U+0000, which a broken sender may well put in a key: such values are
    // kept in Base64 so that the replay sends exactly what was received
    private static final String BASE64 = "base64:";

    private static String json(Map<String, String> headers) {
        Map<String, String> stored = new LinkedHashMap<>();
        (headers == null ? Map.<String, String>of() : headers).forEach((name, value) -> stored.put(name,
                value.indexOf('\u0000') < 0 && !value.startsWith(BASE64) ? value
                        : BASE64 + Base64.getEncoder().encodeToString(value.getBytes(StandardCharsets.UTF_8))));
        try {
            return JSON.writeValueAsString(stored);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }

    private static Map<String, String> headers(String json) {
        try {
            Map<String, String> headers = JSON.readValue(json, new TypeReference<LinkedHashMap<String, String>>() { });
            headers.replaceAll((name, value) -> value.startsWith(BASE64)
                    ? new String(Base64.getDecoder().decode(value.substring(BASE64.length())), StandardCharsets.UTF_8) : value);
            return headers;
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
