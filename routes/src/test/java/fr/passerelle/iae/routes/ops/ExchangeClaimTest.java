package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.journal.ExchangeRuns;
import fr.passerelle.iae.registry.journal.Failpoints;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.HubTestSupport;

/**
 * The exchange skeleton's claim (ARCHITECTURE, scale-out): a unit held by a live node is not taken by another, and a
 * node that lost its claim commits nothing more, while the node that took the unit over resumes it at the last
 * committed checkpoint. The second node is a second {@link ExchangeRuns} on the same PostgreSQL under another node id.
 */
class ExchangeClaimTest extends HubTestSupport {

    private static final Rejection REJECTED = new Rejection("TEST-1", "TEST_REJECT", null, "rejet de test");

    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    private ExchangeRuns nodeA;
    private ExchangeRuns nodeB;
    private String flow;
    private String sha256;

    @BeforeEach
    void twoNodes() {
        nodeA = new ExchangeRuns(journal, new Leases(jdbc, "node-a-" + UUID.randomUUID(), 60_000), new Failpoints(""), transactions);
        nodeB = new ExchangeRuns(journal, new Leases(jdbc, "node-b-" + UUID.randomUUID(), 60_000), new Failpoints(""), transactions);
        flow = "claims-" + UUID.randomUUID().toString().substring(0, 8);
        sha256 = keptFile("TEST", 42);
    }

    private ExchangeRuns.Start offer(ExchangeRuns node) {
        return node.receive(flow, "TEST", "unit.csv", sha256, 42, false);
    }

    private long rejects(UUID exchange) {
        return jdbc.sql("SELECT count(*) FROM reject WHERE exchange_id = ?").param(exchange).query(Long.class).single();
    }

    @Test
    void a_unit_held_by_a_live_node_is_left_to_it_and_taken_by_the_other_once_released() {
        ExchangeRun first = ((ExchangeRuns.Claimed) offer(nodeA)).run();
        first.chunk(10, () -> null);

        assertThat(offer(nodeB)).isInstanceOf(ExchangeRuns.HeldElsewhere.class);

        first.close();
        ExchangeRuns.Start taken = offer(nodeB);
        assertThat(taken).isInstanceOf(ExchangeRuns.Claimed.class);
        try (ExchangeRun resumed = ((ExchangeRuns.Claimed) taken).run()) {
            assertThat(resumed.resumed()).isTrue();
            assertThat(resumed.checkpoint()).isEqualTo(10);
        }
    }

    @Test
    void a_node_that_lost_its_claim_commits_nothing_and_the_new_holder_resumes_at_the_last_checkpoint() {
        ExchangeRun paused = ((ExchangeRuns.Claimed) offer(nodeA)).run();
        paused.chunk(10, () -> {
            paused.reject(3L, REJECTED, null);
            paused.count(5, 1);
            return null;
        });

        // node A pauses past its lease (a long GC): its lease expires and node B takes the unit over, in one
        // transaction, so that A's background renewal cannot slip in between
        ExchangeRuns.Start takenOver = new TransactionTemplate(transactions).execute(status -> {
            jdbc.sql("UPDATE lease SET expires_at = clock_timestamp() - interval '1 second' WHERE name = ?")
                    .param("exchange:" + paused.id()).update();
            return offer(nodeB);
        });
        assertThat(takenOver).isInstanceOf(ExchangeRuns.Claimed.class);
        ExchangeRun holder = ((ExchangeRuns.Claimed) takenOver).run();
        assertThat(holder.id()).isEqualTo(paused.id());
        assertThat(holder.checkpoint()).isEqualTo(10);
        assertThat(holder.tally().applied()).isEqualTo(5);

        // A wakes up and tries its next chunk: refused, rolled back
        assertThatThrownBy(() -> paused.chunk(20, () -> {
            paused.reject(15L, REJECTED, null);
            return null;
        })).isInstanceOf(Leases.LeaseLost.class);
        assertThat(rejects(paused.id())).isEqualTo(1);
        paused.close();   // releases nothing: the lease is B's

        assertThat(offer(nodeA)).isInstanceOf(ExchangeRuns.HeldElsewhere.class);
        holder.chunk(20, () -> {
            holder.reject(15L, REJECTED, null);
            holder.count(4, 1);
            return null;
        });
        holder.done(() -> null, nothing -> new ExchangeRun.Closing(new ExchangeJournal.Counts(11, 9, 0, 2), null));
        holder.close();

        ExchangeJournal.Entry closed = journal.get(paused.id());
        assertThat(closed.status()).isEqualTo(ExchangeJournal.Status.DONE);
        assertThat(closed.checkpoint()).isEqualTo(20);
        assertThat(rejects(paused.id())).isEqualTo(2);
        assertThat(offer(nodeA)).isEqualTo(new ExchangeRuns.Finished(paused.id(), ExchangeJournal.Status.DONE));
        assertThat(offer(nodeB)).isEqualTo(new ExchangeRuns.Finished(paused.id(), ExchangeJournal.Status.DONE));
    }

    @Test
    void a_unit_refused_is_taken_again_only_by_a_flow_whose_refusals_depend_on_the_registry() {
        try (ExchangeRun run = ((ExchangeRuns.Claimed) offer(nodeA)).run()) {
            run.refuse(1L, REJECTED);
        }
        assertThat(offer(nodeB)).isInstanceOf(ExchangeRuns.Finished.class);

        ExchangeRuns.Start again = nodeB.receive(flow, "TEST", "unit.csv", sha256, 42, true);
        try (ExchangeRun retaken = ((ExchangeRuns.Claimed) again).run()) {
            assertThat(journal.get(retaken.id()).status()).isEqualTo(ExchangeJournal.Status.PROCESSING);
            assertThat(rejects(retaken.id())).isZero();
        }
    }
}
