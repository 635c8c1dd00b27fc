package fr.passerelle.iae.routes;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.lease.Leases;

/** A second hub node on the test database, as far as leases go: it takes the leases the flows of the hub under test use. */
public final class OtherNode {

    public static final String ID = "other-node";

    private final Leases leases;
    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    OtherNode(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.leases = new Leases(jdbc, ID, 30_000);
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
    }

    /** The lease once free: a cycle of the hub may hold it for a moment. */
    public Leases.Held acquire(String name) {
        AtomicReference<Leases.Held> held = new AtomicReference<>();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> leases.acquire(name).map(lease -> {
                    held.set(lease);
                    return true;
                }).orElse(false));
        return held.get();
    }

    /**
     * Takes over the lease its holder still holds, as once it expired: expired and taken in one transaction, so that the
     * holder's background renewal cannot come in between.
     */
    public Leases.Held takeOver(String name) {
        return transaction.execute(status -> {
            jdbc.sql("UPDATE lease SET expires_at = '-infinity' WHERE name = ?").param(name).update();
            Optional<Leases.Held> held = leases.acquire(name);
            return held.orElseThrow(() -> new IllegalStateException("no lease " + name + " to take over"));
        });
    }
}
