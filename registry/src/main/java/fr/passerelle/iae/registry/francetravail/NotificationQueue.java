package fr.passerelle.iae.registry.francetravail;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.lease.Leases;

/**
 * The France Travail notification status of every PASS and cancelled PASS (PARTNERS §3.6), kept on their rows
 * ({@code ft_status}, {@code ft_exit_code}, {@code ft_endpoint}, {@code ft_at}) so that {@code GET /passes/{number}}
 * shows it. The dispatcher's steps 1 and 2 are set-based SQL; step 3 reads the entries due, in the contract's order.
 * What the dispatcher commits is fenced by its lease (one leader node, §3.6).
 */
@Component
public class NotificationQueue {

    public static final String LOOKUP = "rech_individu";
    public static final String UPDATE = "maj_pass";

    // §3.4: the person's birth name, known only from the agréments linked to them (the latest one that gives it)
    private static final String BIRTH_NAME = "(SELECT a.birth_name FROM ft_agrement a WHERE a.person_id = s.id AND a.status = 'LINKED' "
            + "AND btrim(a.birth_name) <> '' ORDER BY a.end_date DESC, a.root DESC LIMIT 1)";
    // DECISION of §3.6 step 1: what a failed look-up was made with, to reopen it when any of it changes; the birth name
    // only when known, so that the identity of everyone else hashes as it did before the hub sent it
    private static final String IDENTITY_MD5 = "md5(coalesce(s.nir, '') || '|' || coalesce(s.birth_date::text, '') || '|' "
            + "|| coalesce(s.last_name, '') || '|' || coalesce(s.first_name, '') || coalesce('|' || " + BIRTH_NAME + ", ''))";
    private static final String PERSON_COMPLETE = "s.nir IS NOT NULL AND s.birth_date IS NOT NULL AND coalesce(s.first_name, '') <> '' "
            + "AND coalesce(s.last_name, '') <> ''";
    private static final String SNAPSHOT_COMPLETE = "c.nir IS NOT NULL AND c.birth_date IS NOT NULL AND coalesce(c.first_name, '') <> '' "
            + "AND coalesce(c.last_name, '') <> ''";
    private static final String HIRED = "EXISTS (SELECT 1 FROM hire h WHERE h.pass_number = p.number AND h.cancelled_at IS NULL)";

    private final JdbcClient jdbc;
    private final Clock clock;
    private final TransactionTemplate transaction;

    public NotificationQueue(JdbcClient jdbc, Clock clock, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Steps 1 and 2, committed while {@code lease} is the dispatcher's; returns the entries made READY. */
    public int prepare(Leases.Held lease) {
        return transaction.execute(status -> {
            lease.fence();
            reopenLookups();
            return promote();
        });
    }

    /**
     * Step 1: a failed look-up is tried again once the person has a national id or another identity. Only the failed
     * look-ups are read (indexes pass_ft_lookup_failed and cancelled_pass_ft_lookup_failed, V29), not every PASS.
     */
    private int reopenLookups() {
        int pass = jdbc.sql("UPDATE pass p SET ft_status = 'PENDING' FROM person s WHERE s.id = p.person_id AND p.ft_status = 'ERROR' "
                + "AND p.ft_endpoint = '" + LOOKUP + "' AND (s.ft_national_id IS NOT NULL OR p.ft_identity_md5 IS DISTINCT FROM "
                + IDENTITY_MD5 + ")").update();
        int cancelled = jdbc.sql("UPDATE cancelled_pass c SET ft_status = 'PENDING', ft_national_id = s.ft_national_id FROM person s "
                + "WHERE s.id = c.person_id AND c.ft_status = 'ERROR' AND c.ft_endpoint = '" + LOOKUP + "' "
                + "AND s.ft_national_id IS NOT NULL").update();
        return pass + cancelled;
    }

    /** Step 2: PENDING → READY where the conditions hold; the others keep the pre-check that stops them. */
    private int promote() {
        LocalDate today = BusinessDate.today(clock);
        int ready = jdbc.sql("UPDATE pass p SET ft_status = 'READY', ft_exit_code = NULL FROM person s WHERE s.id = p.person_id "
                        + "AND p.ft_status = 'PENDING' AND p.start_date <= ? AND " + PERSON_COMPLETE + " AND " + HIRED)
                .param(today).update();
        // the pre-check that stops each PASS still PENDING. Those that start later can only be STARTS_IN_FUTURE, and are
        // read (index pass_ft_future_unmarked, V29) only until they are marked so: the PASS issued ahead of their start
        // are most of the queue, and reading them all every second grew with the registry (issue 15)
        jdbc.sql("UPDATE pass p SET ft_exit_code = w.why FROM (SELECT p.number, CASE WHEN NOT (" + PERSON_COMPLETE + ") "
                        + "THEN 'MISSING_USER_DATA' ELSE 'NO_JOB_APPLICATION' END AS why "
                        + "FROM pass p JOIN person s ON s.id = p.person_id WHERE p.ft_status = 'PENDING' AND p.start_date <= ?) w "
                        + "WHERE p.number = w.number AND p.ft_exit_code IS DISTINCT FROM w.why")
                .param(today).update();
        jdbc.sql("UPDATE pass SET ft_exit_code = 'STARTS_IN_FUTURE' WHERE ft_status = 'PENDING' "
                        + "AND ft_exit_code IS DISTINCT FROM 'STARTS_IN_FUTURE' AND start_date > ?")
                .param(today).update();
        // a cancelled PASS needs no hire any more (§3.6)
        ready += jdbc.sql("UPDATE cancelled_pass c SET ft_status = 'READY', ft_exit_code = NULL WHERE c.ft_status = 'PENDING' "
                        + "AND c.start_date <= ? AND " + SNAPSHOT_COMPLETE)
                .param(today).update();
        // written only where it changes: not every waiting row again every second
        jdbc.sql("UPDATE cancelled_pass c SET ft_exit_code = w.why FROM (SELECT number, CASE WHEN start_date > ? "
                        + "THEN 'STARTS_IN_FUTURE' ELSE 'MISSING_USER_DATA' END AS why FROM cancelled_pass WHERE ft_status = 'PENDING') w "
                        + "WHERE c.number = w.number AND c.ft_exit_code IS DISTINCT FROM w.why")
                .param(today).update();
        return ready;
    }

    /** Step 3: READY and SHOULD_RETRY entries, PASS before cancelled PASS, newest start first. */
    public List<NotificationEntry> due(int limit) {
        List<NotificationEntry> due = new ArrayList<>(jdbc.sql("""
                SELECT 'PASS' AS kind, p.number, p.start_date, p.end_date,
                    COALESCE(p.origin_siret, h.siret) AS siret, COALESCE(p.origin_kind, h.kind) AS employer_kind,
                    p.origin_sender, p.origin_prescriber_kind, p.person_id, s.nir, s.birth_date, s.last_name, s.first_name,
                    %s AS birth_name, s.ft_national_id, p.ft_status, p.ft_maybe_installed
                FROM pass p JOIN person s ON s.id = p.person_id
                LEFT JOIN LATERAL (SELECT siret, kind FROM hire WHERE pass_number = p.number AND cancelled_at IS NULL
                                   ORDER BY accepted_at DESC LIMIT 1) h ON true
                WHERE p.ft_status IN ('READY', 'SHOULD_RETRY') ORDER BY p.start_date DESC, p.number LIMIT ?""".formatted(BIRTH_NAME))
                .param(limit).query(this::entry).list());
        if (due.size() < limit) {
            due.addAll(jdbc.sql("""
                    SELECT 'CANCELLED' AS kind, c.number, c.start_date, c.end_date, c.origin_siret AS siret,
                        c.origin_kind AS employer_kind, c.origin_sender, c.origin_prescriber_kind, c.person_id, c.nir, c.birth_date,
                        c.last_name, c.first_name, %s AS birth_name, COALESCE(c.ft_national_id, s.ft_national_id) AS ft_national_id,
                        c.ft_status, c.ft_maybe_installed
                    FROM cancelled_pass c JOIN person s ON s.id = c.person_id
                    WHERE c.ft_status IN ('READY', 'SHOULD_RETRY') ORDER BY c.start_date DESC, c.number LIMIT ?""".formatted(BIRTH_NAME))
                    .param(limit - due.size()).query(this::entry).list());
        }
        return due;
    }

    /** PASS and cancelled PASS not notified yet (PENDING, READY, SHOULD_RETRY): the flow's backlog. */
    public long waiting() {
        return jdbc.sql("SELECT (SELECT count(*) FROM pass WHERE ft_status IN ('PENDING', 'READY', 'SHOULD_RETRY')) "
                + "+ (SELECT count(*) FROM cancelled_pass WHERE ft_status IN ('PENDING', 'READY', 'SHOULD_RETRY'))").query(Long.class).single();
    }

    /** Entries stuck in SHOULD_RETRY for more than 24 hours (an alert, §3.6). */
    public long retryingForADay() {
        Timestamp dayAgo = Timestamp.from(clock.instant().minus(Duration.ofHours(24)));
        return jdbc.sql("SELECT (SELECT count(*) FROM pass WHERE ft_status = 'SHOULD_RETRY' AND ft_retry_since < ?) "
                        + "+ (SELECT count(*) FROM cancelled_pass WHERE ft_status = 'SHOULD_RETRY' AND ft_retry_since < ?)")
                .params(dayAgo, dayAgo).query(Long.class).single();
    }

    /** ID-33 and §3.4: the national id found by the look-up is kept, and the person marked certified. */
    public void identityFound(NotificationEntry entry, String nationalId) {
        jdbc.sql("UPDATE person SET ft_national_id = ?, ft_certified = true WHERE id = ? AND nir IS NOT DISTINCT FROM ?")
                .params(nationalId, entry.personId(), entry.cancelled() ? null : entry.nir()).update();
        if (entry.cancelled()) {
            jdbc.sql("UPDATE cancelled_pass SET ft_national_id = ? WHERE number = ?").params(nationalId, entry.number()).update();
            jdbc.sql("UPDATE person SET ft_national_id = ?, ft_certified = true WHERE id = ? AND nir = ? AND ft_national_id IS NULL")
                    .params(nationalId, entry.personId(), entry.nir()).update();
        }
    }

    /**
     * The outcome of an attempt. Applied only while the entry is still as it was sent: a PASS whose dates changed
     * meanwhile went back to PENDING (SUSP-11) and must be sent again.
     *
     * @param lease          the dispatcher's: the outcome commits only while it is this node's
     * @param maybeInstalled the attempt's {@code maj-pass-iae} ended without a known outcome (§3.5); remembered
     *                       while the entry stays SHOULD_RETRY, forgotten with a final status
     */
    public boolean record(Leases.Held lease, NotificationEntry entry, NotificationStatus status, String endpoint, String exitCode,
                          boolean maybeInstalled) {
        Timestamp now = Timestamp.from(clock.instant());
        String table = entry.kind().table;
        String identity = entry.cancelled() ? "NULL"
                : "(SELECT " + IDENTITY_MD5 + " FROM person s WHERE s.id = " + table + ".person_id)";
        String sql = "UPDATE " + table + " SET ft_status = ?, ft_endpoint = ?, ft_exit_code = ?, ft_at = ?, "
                + "ft_retry_since = CASE WHEN ? = 'SHOULD_RETRY' THEN COALESCE(ft_retry_since, ?) END, "
                + "ft_maybe_installed = (? = 'SHOULD_RETRY' AND (ft_maybe_installed OR ?))"
                + (entry.cancelled() ? "" : ", ft_identity_md5 = CASE WHEN ? = '" + LOOKUP + "' THEN " + identity + " END")
                + " WHERE number = ? AND ft_status IN ('READY', 'SHOULD_RETRY') AND start_date = ? AND end_date = ?";
        List<Object> params = new ArrayList<>(Arrays.asList(status.name(), endpoint, exitCode, now, status.name(), now,
                status.name(), maybeInstalled));
        if (!entry.cancelled()) {
            params.add(endpoint);
        }
        params.addAll(List.of(entry.number(), entry.start(), entry.end()));
        return Boolean.TRUE.equals(transaction.execute(tx -> {
            lease.fence();
            return jdbc.sql(sql).params(params).update() == 1;
        }));
    }

    private NotificationEntry entry(ResultSet rs, int n) throws SQLException {
        return new NotificationEntry(NotificationEntry.Kind.valueOf(rs.getString("kind")), rs.getString("number"),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class), rs.getString("siret"),
                rs.getString("employer_kind"), rs.getString("origin_sender"), rs.getString("origin_prescriber_kind"),
                rs.getObject("person_id", UUID.class), rs.getString("nir"), rs.getObject("birth_date", LocalDate.class),
                rs.getString("last_name"), rs.getString("first_name"), rs.getString("birth_name"), rs.getString("ft_national_id"),
                rs.getString("ft_status"), rs.getBoolean("ft_maybe_installed"));
    }
}
