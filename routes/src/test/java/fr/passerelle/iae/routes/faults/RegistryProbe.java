package fr.passerelle.iae.routes.faults;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Map;
import java.util.Properties;
import java.util.Set;

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

    private static long single(PreparedStatement query) throws SQLException {
        try (ResultSet rows = query.executeQuery()) {
            rows.next();
            return rows.getLong(1);
        }
    }
}
