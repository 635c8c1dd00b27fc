package fr.passerelle.iae.routes.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.UUID;

import fr.passerelle.iae.routes.ChildHub;

/**
 * What the registry holds, read straight from the PostgreSQL of the hub's embedded servers: the real outcome of
 * each input, whatever node applied it. A connection per question, from the endpoints of the current run (a restart
 * may move a port).
 */
final class RegistryProbe {

    private final ChildHub hub;

    RegistryProbe(ChildHub hub) {
        this.hub = hub;
    }

    Connection connect() throws Exception {
        Properties endpoints = hub.endpoints();
        return DriverManager.getConnection(endpoints.getProperty("spring.datasource.url"),
                endpoints.getProperty("spring.datasource.username"), endpoints.getProperty("spring.datasource.password"));
    }

    /** The status stored with each of these idempotency keys of {@code client}, for the keys answered. */
    Map<String, Integer> storedAnswers(String client, Collection<String> keys) throws Exception {
        Map<String, Integer> answers = new HashMap<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT idem_key, status_code FROM idempotency_record WHERE client_name = ? AND idem_key = ANY(?) AND status_code IS NOT NULL")) {
            query.setString(1, client);
            query.setArray(2, db.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    answers.put(rows.getString(1), rows.getInt(2));
                }
            }
        }
        return answers;
    }

    /** How many of these keys of {@code client} have an answer stored. */
    long answered(String client, Collection<String> keys) throws Exception {
        return storedAnswers(client, keys).size();
    }

    /** The keys among these with a dead letter still pending (a message the flow gave up on). */
    Set<String> deadLettered(Collection<String> keys) throws Exception {
        Set<String> dead = new HashSet<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT headers->>'key' FROM dead_letter WHERE status = 'PENDING' AND headers->>'key' = ANY(?)")) {
            query.setArray(1, db.createArrayOf("varchar", keys.toArray()));
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    dead.add(rows.getString(1));
                }
            }
        }
        return dead;
    }

    /** Dead letters recorded since {@code since}, whatever their key. */
    long deadLettersSince(Instant since) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM dead_letter WHERE created_at >= ?")) {
            query.setTimestamp(1, Timestamp.from(since));
            return single(query);
        }
    }

    /** The people among these NIRs holding more than one PASS or more than one hire: a request applied twice. */
    long peopleAppliedTwice(Collection<String> nirs) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                SELECT count(*) FROM person p
                WHERE p.nir = ANY(?)
                  AND ((SELECT count(*) FROM pass WHERE pass.person_id = p.id) > 1
                    OR (SELECT count(*) FROM hire WHERE hire.person_id = p.id) > 1)""")) {
            query.setArray(1, db.createArrayOf("varchar", nirs.toArray()));
            return single(query);
        }
    }

    /** Outbox rows of these keys not published yet. */
    long unpublished(Collection<String> eventKeys) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM outbox WHERE published_at IS NULL AND event_key = ANY(?)")) {
            query.setArray(1, db.createArrayOf("varchar", eventKeys.toArray()));
            return single(query);
        }
    }

    /** Fiches salarié of this employer waiting for an upload to ASP. */
    long readyFiches(String siret) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT count(*) FROM fiche_salarie WHERE siret = ? AND status = 'READY'")) {
            query.setString(1, siret);
            return single(query);
        }
    }

    // -------------------------------------------------------------------------------------------------------------
    // Inbound files (the file flows' scenarios)

    /** One journal entry of an inbound file. */
    record Journal(UUID id, String status, long checkpoint, int received, int applied, int unchanged, int rejected) {
        boolean closed() {
            return status.equals("DONE") || status.equals("REFUSED");
        }

        String counts() {
            return "received " + received + ", applied " + applied + ", unchanged " + unchanged + ", rejected " + rejected;
        }
    }

    /** The journal entries of a flow for this content: one at most (the journal keeps one per SHA-256). */
    List<Journal> journal(String flow, String sha256) throws Exception {
        List<Journal> entries = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                SELECT id, status, checkpoint, received, applied, unchanged, rejected FROM exchange
                WHERE flow = ? AND direction = 'IN' AND sha256 = ?""")) {
            query.setString(1, flow);
            query.setString(2, sha256);
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    entries.add(new Journal(rows.getObject(1, UUID.class), rows.getString(2), rows.getLong(3), rows.getInt(4),
                            rows.getInt(5), rows.getInt(6), rows.getInt(7)));
                }
            }
        }
        return entries;
    }

    /** Reject rows of an exchange kept more than once (same line, field and code): a chunk's rejects written twice. */
    long rejectsTwice(UUID exchange) throws Exception {
        return count("SELECT count(*) - count(DISTINCT (coalesce(line, -1), coalesce(field, ''), code)) FROM reject WHERE exchange_id = ?",
                exchange);
    }

    /** Lines of an exchange that have at least one reject row. */
    long rejectedLines(UUID exchange) throws Exception {
        return count("SELECT count(DISTINCT line) FROM reject WHERE exchange_id = ?", exchange);
    }

    /** Outbox events beyond the first of each (key, type), for these keys: a change whose event was written twice. */
    long eventsTwice(Collection<String> keys) throws Exception {
        return count("""
                SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM outbox WHERE event_key = ANY(?)
                                                     GROUP BY event_key, event_type) e WHERE n > 1""", keys);
    }

    /** Events of these keys, by type: what the note of a row shows. */
    Map<String, Long> eventsByType(Collection<String> keys) throws Exception {
        Map<String, Long> types = new LinkedHashMap<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT event_type, count(*) FROM outbox WHERE event_key = ANY(?) GROUP BY event_type ORDER BY event_type")) {
            bind(db, query, new Object[] {keys});
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    types.put(rows.getString(1), rows.getLong(2));
                }
            }
        }
        return types;
    }

    /**
     * Employers the registry knows before a SIRENE stock file speaks of them (only known SIRETs are kept from a stock):
     * no convention, and written here without an event, so that no SIRENE API verification races the file.
     */
    void registerEmployers(Collection<String> sirets) throws Exception {
        try (Connection db = connect()) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO employer (id, siret, kind, name, status) VALUES (?, ?, 'EI', ?, 'ACTIVE')")) {
                for (String siret : sirets) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, siret);
                    insert.setString(3, "FAULT SUITE " + siret);
                    insert.addBatch();
                }
                insert.executeBatch();
            }
            db.commit();
        }
    }

    /** A fiche salarié of a person: its id, status, PASS number and last upload file. */
    record Fiche(UUID id, String status, String passNumber, String aspFile) {
    }

    /** The fiches salarié of the hires of these people. */
    List<Fiche> fichesOf(Collection<String> nirs) throws Exception {
        List<Fiche> fiches = new ArrayList<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement("""
                SELECT f.id, f.status, f.pass_number, f.asp_file FROM fiche_salarie f
                JOIN hire h ON h.id = f.hire_id JOIN person p ON p.id = h.person_id WHERE p.nir = ANY(?)""")) {
            bind(db, query, new Object[] {nirs});
            try (ResultSet rows = query.executeQuery()) {
                while (rows.next()) {
                    fiches.add(new Fiche(rows.getObject(1, UUID.class), rows.getString(2), rows.getString(3), rows.getString(4)));
                }
            }
        }
        return fiches;
    }

    /** The PASS whose changes each daily PASS file took (file name → PASS numbers). */
    Map<String, Set<String>> passFileChanges() throws Exception {
        Map<String, Set<String>> taken = new HashMap<>();
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(
                "SELECT DISTINCT ft_file, pass_number FROM pass_history WHERE ft_file IS NOT NULL");
             ResultSet rows = query.executeQuery()) {
            while (rows.next()) {
                taken.computeIfAbsent(rows.getString(1), file -> new HashSet<>()).add(rows.getString(2));
            }
        }
        return taken;
    }

    /**
     * A count, whatever the question: a collection is bound as a text array, a {@code long[]} as a bigint array, the
     * rest as is.
     */
    long count(String sql, Object... parameters) throws Exception {
        try (Connection db = connect(); PreparedStatement query = db.prepareStatement(sql)) {
            bind(db, query, parameters);
            return single(query);
        }
    }

    private static void bind(Connection db, PreparedStatement query, Object[] parameters) throws SQLException {
        for (int i = 0; i < parameters.length; i++) {
            Object value = parameters[i];
            if (value instanceof Collection<?> values) {
                query.setArray(i + 1, db.createArrayOf("varchar", values.toArray()));
            } else if (value instanceof long[] numbers) {
                query.setArray(i + 1, db.createArrayOf("bigint", java.util.Arrays.stream(numbers).boxed().toArray()));
            } else {
                query.setObject(i + 1, value);
            }
        }
    }

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
