package fr.passerelle.iae.registry.lease;

import java.lang.management.ManagementFactory;
import java.time.Duration;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import jakarta.annotation.PreDestroy;

/**
 * Leases shared by the hub nodes through PostgreSQL (ARCHITECTURE, scale-out): one holder at a time per name, with an
 * expiry in database time (nodes' clocks do not matter, nor the business clock tests move). A lease held is renewed in
 * the background; its holder calls {@link Held#fence()} inside each transaction that must not commit once the lease is
 * lost: the check takes the lease row's lock, so no other node can take the lease over until that transaction ends.
 */
@Component
public class Leases {

    private static final Logger LOG = LoggerFactory.getLogger(Leases.class);

    private final JdbcClient jdbc;
    private final String node;
    private final Duration ttl;
    private final ScheduledExecutorService renewals = Executors.newSingleThreadScheduledExecutor(runnable -> {
        Thread thread = new Thread(runnable, "lease-renewal");
        thread.setDaemon(true);
        return thread;
    });

    public Leases(JdbcClient jdbc, @Value("${passerelle.node-id:}") String node,
                  @Value("${passerelle.lease.ttl-ms:30000}") long ttlMillis) {
        this.jdbc = jdbc;
        this.node = node.isBlank() ? ManagementFactory.getRuntimeMXBean().getName() + "/" + UUID.randomUUID() : node;
        this.ttl = Duration.ofMillis(ttlMillis);
    }

    /** This node, as lease rows and logs name it: a restarted process is another node, whose leases start afresh. */
    public String node() {
        return node;
    }

    /** The lease, if no live holder has it; renewed until {@link Held#close()}. */
    public Optional<Held> acquire(String name) {
        Optional<Long> token = jdbc.sql("""
                INSERT INTO lease AS l (name, owner, token, expires_at)
                VALUES (?, ?, 1, clock_timestamp() + ? * interval '1 millisecond')
                ON CONFLICT (name) DO UPDATE SET owner = excluded.owner, token = l.token + 1, expires_at = excluded.expires_at
                WHERE l.expires_at < clock_timestamp()
                RETURNING token""")
                .params(name, node, ttl.toMillis())
                .query(Long.class).optional();
        return token.map(t -> new Held(name, t));
    }

    /** A lease this node holds under a fencing token. */
    public final class Held implements AutoCloseable {

        private final String name;
        private final long token;
        private final ScheduledFuture<?> renewal;
        private volatile boolean lost;

        private Held(String name, long token) {
            this.name = name;
            this.token = token;
            long period = Math.max(1, ttl.toMillis() / 3);
            this.renewal = renewals.scheduleWithFixedDelay(this::renew, period, period, TimeUnit.MILLISECONDS);
        }

        public String name() {
            return name;
        }

        public long token() {
            return token;
        }

        private void renew() {
            try {
                if (!extend()) {
                    lost("its renewal found another holder");
                }
            } catch (RuntimeException e) {
                // the database unreachable for a moment: the next renewal tries again, and fence() decides at commit
                LOG.warn("lease {}: renewal failed ({})", name, e.getClass().getSimpleName());
            }
        }

        private boolean extend() {
            return jdbc.sql("""
                    UPDATE lease SET expires_at = clock_timestamp() + ? * interval '1 millisecond'
                    WHERE name = ? AND owner = ? AND token = ?""")
                    .params(ttl.toMillis(), name, node, token).update() == 1;
        }

        private void lost(String why) {
            if (!lost) {
                lost = true;
                renewal.cancel(false);
                LOG.warn("lease {} lost by node {}: {}", name, node, why);
            }
        }

        /**
         * Call inside the transaction to fence: renews the lease and keeps its row locked until the transaction ends,
         * or throws {@link LeaseLost} (the transaction then rolls back) when another node took it over.
         */
        public void fence() {
            if (lost || !extend()) {
                lost("another node holds it");
                throw new LeaseLost(name);
            }
        }

        /** Gives the lease up at once, so that another node need not wait for its expiry. */
        @Override
        public void close() {
            renewal.cancel(false);
            if (!lost) {
                jdbc.sql("UPDATE lease SET expires_at = '-infinity' WHERE name = ? AND owner = ? AND token = ?")
                        .params(name, node, token).update();
            }
        }
    }

    /** The lease went to another node: what this node was about to commit must not be. */
    public static final class LeaseLost extends RuntimeException {
        public LeaseLost(String name) {
            super("lease " + name + " is held by another node");
        }
    }

    @PreDestroy
    void stop() {
        renewals.shutdownNow();
    }
}
