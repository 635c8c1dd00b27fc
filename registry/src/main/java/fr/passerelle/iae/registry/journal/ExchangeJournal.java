package fr.passerelle.iae.registry.journal;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.MDC;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.evidence.EvidenceLeaf;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.evidence.MerkleTree;

/**
 * The exchange journal (ARCHITECTURE, step 1 and 5): every unit received or sent, recorded before it is
 * processed and closed with its counts. A unit already journalled with the same checksum is not processed again.
 */
@Component
public class ExchangeJournal {

    public enum Direction { IN, OUT }

    public enum Status { RECEIVED, PROCESSING, DONE, REFUSED, FAILED }

    public record Counts(int received, int applied, int unchanged, int rejected) {
        public static final Counts NONE = new Counts(0, 0, 0, 0);
    }

    /** @param outcomes what became of the unit's records, by outcome, in the flow's order; empty when its flow gives none */
    public record Entry(UUID id, String flow, String partner, Direction direction, String name, String sha256, long size,
                        Instant receivedAt, Status status, String error, Counts counts, Map<String, Long> outcomes,
                        String correlationId, long checkpoint) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<LinkedHashMap<String, Long>> OUTCOMES = new TypeReference<>() {
    };

    /** The logging-context key of the correlation id (set by the routes' CorrelationIds). */
    public static final String CORRELATION_ID = "correlationId";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final boolean evidence;

    /** @param evidence false only to measure what the evidence costs (the benchmarks): no leaf is written then */
    public ExchangeJournal(JdbcClient jdbc, Clock clock, @Value("${passerelle.evidence.enabled:true}") boolean evidence) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.evidence = evidence;
    }

    /**
     * Records a new unit; empty when this flow already journalled the same content (a re-delivery). Without an
     * explicit correlation id, the one of the logging context is kept (the routes put the id of the file or message
     * being processed there), so that an operator goes from a journal entry to its log lines.
     */
    public Optional<UUID> open(String flow, String partner, Direction direction, String name, String sha256, long size,
                               String correlationId) {
        return open(flow, partner, direction, name, sha256, size, correlationId, null);
    }

    /** A unit that answers another one (an ASP return file its upload): its evidence leaf names that unit. */
    public Optional<UUID> open(String flow, String partner, Direction direction, String name, String sha256, long size,
                               String correlationId, EvidenceLeaf.Answered answers) {
        UUID id = UUID.randomUUID();
        if (correlationId == null) {
            correlationId = MDC.get(CORRELATION_ID);
        }
        Instant receivedAt = clock.instant();
        byte[] leaf = EvidenceLeaf.file(id, flow, partner, direction.name(), name, sha256, size, receivedAt, answers).bytes();
        // the unit's evidence leaf in the same statement: nothing more on the exchange's path
        int inserted = jdbc.sql("""
                WITH journal AS (
                    INSERT INTO exchange (id, flow, partner, direction, name, sha256, size, received_at, status, correlation_id)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?, 'RECEIVED', ?) ON CONFLICT (flow, direction, sha256) DO NOTHING
                    RETURNING id),
                leaf AS (
                    INSERT INTO evidence_leaf (exchange_id, body, leaf_hash, sha256) SELECT id, ?, ?, ? FROM journal WHERE ?)
                SELECT count(*) FROM journal""")
                .params(id, flow, partner, direction.name(), name, sha256, size, Timestamp.from(receivedAt), correlationId,
                        leaf, MerkleTree.leafHash(leaf), sha256, evidence)
                .query(Integer.class).single();
        return inserted == 1 ? Optional.of(id) : Optional.empty();
    }

    /**
     * The PASS numbers a journalled file carries (an ASP upload's fiches, the return that answers them), known once its
     * content is read: its evidence leaf is found by them in the auditor's export by PASS.
     */
    public void concerns(UUID id, Collection<String> passNumbers) {
        jdbc.sql("""
                INSERT INTO evidence_leaf_pass (pass_number, leaf_id) SELECT number, l.id FROM evidence_leaf l, unnest(?::varchar[]) number
                WHERE l.exchange_id = ? ON CONFLICT DO NOTHING""").params(passNumbers.toArray(String[]::new), id).update();
    }

    /** The unit this flow journalled with that checksum, if any: how a re-delivery is recognised. */
    public Optional<Entry> find(String flow, Direction direction, String sha256) {
        return jdbc.sql(SELECT + " WHERE flow = ? AND direction = ? AND sha256 = ?")
                .params(flow, direction.name(), sha256)
                .query((rs, n) -> entry(rs))
                .optional();
    }

    /** How many units of a flow are in that status: a backlog where the partner's folder cannot be listed. */
    public long count(String flow, Direction direction, Status status) {
        return jdbc.sql("SELECT count(*) FROM exchange WHERE flow = ? AND direction = ? AND status = ?")
                .params(flow, direction.name(), status.name()).query(Long.class).single();
    }

    public Entry get(UUID id) {
        return jdbc.sql(SELECT + " WHERE id = ?").param(id).query((rs, n) -> entry(rs)).single();
    }

    /** A chunk applied (call in its transaction): where the unit stands. */
    void progress(UUID id, long checkpoint) {
        jdbc.sql("UPDATE exchange SET status = 'PROCESSING', checkpoint = ? WHERE id = ?").params(checkpoint, id).update();
    }

    /** The running tally of a unit's records, as its chunks commit. */
    void count(UUID id, int applied, int rejected) {
        jdbc.sql("UPDATE exchange SET applied = applied + ?, rejected = rejected + ? WHERE id = ?").params(applied, rejected, id)
                .update();
    }

    /** Takes a unit again (a file refused before, offered again): its status back to PROCESSING, its old rejects dropped. */
    public void reopen(UUID id) {
        jdbc.sql("DELETE FROM reject WHERE exchange_id = ?").param(id).update();
        jdbc.sql("UPDATE exchange SET status = 'PROCESSING', error = NULL, finished_at = NULL WHERE id = ?").param(id).update();
    }

    /** @param error shown to operators: personal values are masked here, once (ID-10) */
    public void close(UUID id, Status status, Counts counts, String error) {
        close(id, status, counts, Map.of(), error);
    }

    /** @param outcomes what became of the records, by outcome (their sum is {@code counts.received}), in display order */
    public void close(UUID id, Status status, Counts counts, Map<String, Long> outcomes, String error) {
        String described;
        try {
            described = outcomes.isEmpty() ? null : JSON.writeValueAsString(outcomes);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
        jdbc.sql("""
                UPDATE exchange SET status = ?, received = ?, applied = ?, unchanged = ?, rejected = ?, outcomes = ?::json, error = ?,
                    finished_at = ?
                WHERE id = ?""")
                .params(status.name(), counts.received(), counts.applied(), counts.unchanged(), counts.rejected(), described,
                        PersonalData.mask(error), Timestamp.from(clock.instant()), id)
                .update();
    }

    /**
     * A unit refused whole, nothing of it applied: its rejection is recorded and the entry closes REFUSED with an error
     * that starts with the rule ({@code PARTNERS-2.2 FLUXIAE_TRUNCATED: …}). Call within the caller's transaction.
     */
    public void refused(UUID id, Long line, Rejection rejection) {
        reject(id, line, rejection, null);
        close(id, Status.REFUSED, Counts.NONE, rejection.rule() + " " + rejection.code()
                + (rejection.field() == null ? "" : " " + rejection.field()) + (line == null ? "" : " line " + line) + ": "
                + rejection.message());
    }

    /**
     * A file given up after failing again and again ({@code FILE-03}): its journal entry, or a new one, says REFUSED with
     * the rule, so that the operator finds it, and the same content delivered again is recognised.
     */
    public void quarantined(String flow, String partner, String name, EvidenceStore.Kept file, String error) {
        UUID id = open(flow, partner, Direction.IN, name, file.sha256(), file.size(), null)
                .or(() -> find(flow, Direction.IN, file.sha256()).map(Entry::id)).orElseThrow();
        close(id, Status.REFUSED, Counts.NONE, error);
    }


    /** Keeps a rejected record: line, field, rule and a value already masked by the caller when personal (ID-10). */
    public void reject(UUID exchangeId, Long line, Rejection rejection, String maskedValue) {
        jdbc.sql("INSERT INTO reject (exchange_id, line, field, rule, code, message, masked_value) VALUES (?, ?, ?, ?, ?, ?, ?)")
                .params(exchangeId, line, rejection.field(), rejection.rule(), rejection.code(), rejection.message(), maskedValue)
                .update();
    }

    private static final String SELECT = """
            SELECT id, flow, partner, direction, name, sha256, size, received_at, status, error, received, applied, unchanged, rejected,
                   outcomes, correlation_id, checkpoint
            FROM exchange""";

    public List<Entry> recent(String partner, Direction direction, int limit) {
        StringBuilder sql = new StringBuilder(SELECT + " WHERE true");
        List<Object> params = new ArrayList<>();
        if (partner != null) {
            sql.append(" AND partner = ?");
            params.add(partner);
        }
        if (direction != null) {
            sql.append(" AND direction = ?");
            params.add(direction.name());
        }
        sql.append(" ORDER BY received_at DESC LIMIT ?");
        params.add(limit);
        return jdbc.sql(sql.toString()).params(params)
                .query((rs, n) -> entry(rs))
                .list();
    }

    private static Entry entry(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Entry(rs.getObject("id", UUID.class), rs.getString("flow"), rs.getString("partner"),
                Direction.valueOf(rs.getString("direction")), rs.getString("name"), rs.getString("sha256"),
                rs.getLong("size"), rs.getTimestamp("received_at").toInstant(), Status.valueOf(rs.getString("status")),
                rs.getString("error"), new Counts(rs.getInt("received"), rs.getInt("applied"),
                rs.getInt("unchanged"), rs.getInt("rejected")), outcomes(rs.getString("outcomes")), rs.getString("correlation_id"),
                rs.getLong("checkpoint"));
    }

    private static Map<String, Long> outcomes(String json) {
        if (json == null) {
            return Map.of();
        }
        try {
            return JSON.readValue(json, OUTCOMES);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
