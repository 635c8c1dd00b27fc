package fr.passerelle.iae.registry.sirene;

import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.sirene.SireneReviews.Reason;
import fr.passerelle.iae.registry.sirene.SireneReviews.Review;

/**
 * The queue of SIRET verifications through the API (flow {@code sirene-verification}): filled by the database when an
 * employer is registered or its SIRET changes, kept across restarts, emptied one SIRET at a time at the pace of the
 * slot shared by every hub node (PARTNERS §4.6). An answer is stored, and EMP-41 reported, only while the node holds the
 * flow's lease: one node at a time works through the queue.
 */
@Component
public class SireneVerifications {

    public static final String FLOW = FlowCatalogue.SIRENE_VERIFICATION.id();
    private static final Logger LOG = LoggerFactory.getLogger(SireneVerifications.class);

    /** How a verification ended. */
    public enum Outcome { ACTIVE, CLOSED, UNKNOWN, UNDISCLOSED, REFUSED, CACHED }

    private final JdbcClient jdbc;
    private final SireneStates states;
    private final SireneReviews reviews;
    private final TransactionTemplate transaction;

    public SireneVerifications(JdbcClient jdbc, SireneStates states, SireneReviews reviews, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.states = states;
        this.reviews = reviews;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** The SIRET waiting longest whose next attempt is due. */
    public Optional<String> next() {
        return jdbc.sql("""
                SELECT siret FROM sirene_verification WHERE status = 'PENDING' AND next_attempt_at <= clock_timestamp()
                ORDER BY next_attempt_at, requested_at LIMIT 1""")
                .query(String.class).optional();
    }

    /** Verifications waiting (the flow's backlog). */
    public long pending() {
        return jdbc.sql("SELECT count(*) FROM sirene_verification WHERE status = 'PENDING'").query(Long.class).single();
    }

    /**
     * Takes the right to make one request now: at most one every {@code interval} across all nodes (the row is the
     * shared clock: one UPDATE, no lock held). False when the slot is not free yet.
     */
    public boolean takeSlot(Duration interval) {
        return jdbc.sql("""
                UPDATE sirene_rate_slot SET next_call_at = clock_timestamp() + make_interval(secs => ?)
                WHERE id = 1 AND next_call_at <= clock_timestamp()""")
                .param(interval.toNanos() / 1e9)
                .update() == 1;
    }

    /** A 429: no node calls before {@code pause} has passed. */
    public void pauseCalls(Duration pause) {
        jdbc.sql("""
                UPDATE sirene_rate_slot SET next_call_at = greatest(next_call_at, clock_timestamp() + make_interval(secs => ?))
                WHERE id = 1""")
                .param(pause.toNanos() / 1e9)
                .update();
    }

    /** INSEE could not answer: the SIRET stays queued, tried again after {@code delay}. */
    public void retryLater(String siret, String error, Duration delay) {
        jdbc.sql("""
                UPDATE sirene_verification SET attempts = attempts + 1, last_error = ?,
                    next_attempt_at = clock_timestamp() + make_interval(secs => ?)
                WHERE siret = ? AND status = 'PENDING'""")
                .params(error, delay.toNanos() / 1e9, siret)
                .update();
    }

    /** The SIRET's answer was cached recently: no request, the verification is done with what is known. */
    public Outcome fromCache(Leases.Held lease, String siret, SireneStates.Known known) {
        return transaction.execute(status -> {
            lease.fence();
            Outcome outcome = switch (known.state()) {
                case "A" -> Outcome.ACTIVE;
                case "F" -> Outcome.CLOSED;
                default -> "N".equals(known.diffusion()) ? Outcome.UNDISCLOSED : Outcome.UNKNOWN;
            };
            finish(siret, Outcome.CACHED.name() + ":" + outcome.name());
            report(siret, outcome);
            return outcome;
        });
    }

    /** 200: stores the establishment, closes the verification and reports EMP-41, in one transaction. */
    public Outcome found(Leases.Held lease, EstablishmentRecord establishment) {
        Outcome outcome = "F".equals(establishment.state()) ? Outcome.CLOSED : Outcome.ACTIVE;
        return close(lease, establishment.siret(), outcome, () -> states.record(establishment, "API"));
    }

    /** 404: the state is UNKNOWN. */
    public Outcome unknown(Leases.Held lease, String siret) {
        return close(lease, siret, Outcome.UNKNOWN, () -> states.recordUnknown(siret, null));
    }

    /** 403: not disclosed (right of opposition): diffusion N, state UNKNOWN, accepted and flagged (§4.6). */
    public Outcome undisclosed(Leases.Held lease, String siret) {
        return close(lease, siret, Outcome.UNDISCLOSED, () -> states.recordUnknown(siret, "N"));
    }

    /** 400: INSEE refused the SIRET's format; not retried (cannot happen after EMP-01…03, so it is logged loudly). */
    public Outcome refused(Leases.Held lease, String siret, String message) {
        LOG.error("{}: INSEE refused the SIRET {} as malformed (400): {}", FLOW, siret, message);
        return close(lease, siret, Outcome.REFUSED, () -> { });
    }

    private Outcome close(Leases.Held lease, String siret, Outcome outcome, Runnable store) {
        return transaction.execute(status -> {
            lease.fence();
            store.run();
            finish(siret, outcome.name());
            report(siret, outcome);
            return outcome;
        });
    }

    private void finish(String siret, String outcome) {
        jdbc.sql("""
                UPDATE sirene_verification SET status = 'DONE', outcome = ?, done_at = clock_timestamp(), last_error = NULL,
                    attempts = attempts + 1
                WHERE siret = ?""")
                .params(outcome, siret)
                .update();
    }

    /** EMP-41: an UNVERIFIED employer whose SIRET is unknown or closed is reported to operations. */
    private void report(String siret, Outcome outcome) {
        if (outcome != Outcome.UNKNOWN && outcome != Outcome.CLOSED) {
            return;
        }
        record Unverified(UUID id, String kind) {
        }
        List<Unverified> employers = jdbc.sql("SELECT id, kind FROM employer WHERE siret = ? AND status = 'UNVERIFIED'")
                .param(siret)
                .query((rs, n) -> new Unverified(rs.getObject(1, UUID.class), rs.getString(2)))
                .list();
        for (Unverified employer : employers) {
            Reason reason = outcome == Outcome.UNKNOWN ? Reason.UNKNOWN_SIRET : Reason.CLOSED_ESTABLISHMENT;
            String message = outcome == Outcome.UNKNOWN
                    ? "SIRET inconnu de SIRENE pour un employeur enregistré par une demande de PASS (non vérifié)."
                    : "Établissement fermé dans SIRENE pour un employeur enregistré par une demande de PASS (non vérifié).";
            if (reviews.add(new Review(0, employer.id(), siret, employer.kind(), "EMP-41", reason, null, null, null, null,
                    message, null, null))) {
                LOG.warn("{}: EMP-41 {} {} ({}): {}", FLOW, reason, siret, employer.kind(), message);
            }
        }
    }
}
