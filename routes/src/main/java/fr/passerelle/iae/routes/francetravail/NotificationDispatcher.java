package fr.passerelle.iae.routes.francetravail;

import java.time.Clock;
import java.time.Duration;
import java.time.LocalTime;
import java.time.ZoneOffset;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.francetravail.NotificationEntry;
import fr.passerelle.iae.registry.francetravail.NotificationQueue;
import fr.passerelle.iae.registry.francetravail.NotificationStatus;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.ops.Leadership;

/**
 * The dispatcher of PARTNERS §3.6: reopen look-ups, promote PENDING → READY, then send READY and SHOULD_RETRY
 * entries in the contract's order, at most {@code max-per-cycle}, paced by the client. It runs every period
 * within the UTC window, and at once when a PASS event arrives. One node at a time runs a cycle, under the flow's lease,
 * renewed however long the cycle: a node that lost it stops before its next call to France Travail or its next commit.
 */
@Component
public class NotificationDispatcher {

    public static final String FLOW = FlowCatalogue.FT_NOTIFICATIONS.id();
    private static final Logger LOG = LoggerFactory.getLogger(NotificationDispatcher.class);

    public record Cycle(int sent, int installed, int refused, int deferred) {
        static final Cycle NONE = new Cycle(0, 0, 0, 0);
    }

    private final NotificationQueue queue;
    private final Leadership leadership;
    private final NotificationSender sender;
    private final FlowStates flows;
    private final Clock clock;
    private final int maxPerCycle;
    private final Duration period;
    private final LocalTime from;
    private final LocalTime until;
    private final ReentrantLock running = new ReentrantLock();
    private final AtomicBoolean wanted = new AtomicBoolean(true);
    private volatile long lastCycle = System.nanoTime();

    public NotificationDispatcher(NotificationQueue queue, Leadership leadership, NotificationSender sender, FlowStates flows,
                                  Clock clock,
                                  @Value("${passerelle.francetravail.dispatch.max-per-cycle}") int maxPerCycle,
                                  @Value("${passerelle.francetravail.dispatch.period-ms}") long periodMs,
                                  @Value("${passerelle.francetravail.dispatch.from}") LocalTime from,
                                  @Value("${passerelle.francetravail.dispatch.until}") LocalTime until) {
        this.queue = queue;
        this.leadership = leadership;
        this.sender = sender;
        this.flows = flows;
        this.clock = clock;
        this.maxPerCycle = maxPerCycle;
        this.period = Duration.ofMillis(periodMs);
        this.from = from;
        this.until = until;
    }

    /** A PASS changed: run a cycle at the next tick rather than at the end of the period. */
    public void wake() {
        wanted.set(true);
    }

    /** Called by the timer route: runs a cycle when woken or when the period has elapsed, within the window. */
    public void tick(BooleanSupplier goOn) {
        LocalTime now = LocalTime.ofInstant(clock.instant(), ZoneOffset.UTC);
        if (now.isBefore(from) || now.isAfter(until)) {
            return;
        }
        boolean due = System.nanoTime() - lastCycle >= period.toNanos();
        if (wanted.getAndSet(false) || due) {
            cycle(goOn);
        }
    }

    /**
     * One cycle; {@code goOn} false stops it between two entries (the hub is stopping). Nothing sent when a cycle of
     * this node is under way (another follows it); empty when another node's cycle holds the lease, or when this one
     * lost it midway.
     */
    public Optional<Cycle> cycle(BooleanSupplier goOn) {
        if (!running.tryLock()) {
            wanted.set(true);
            return Optional.of(Cycle.NONE);
        }
        try {
            lastCycle = System.nanoTime();
            Optional<Cycle> cycle = leadership.lead(FLOW, lease -> send(lease, goOn));
            cycle.ifPresent(this::report);
            return cycle;
        } finally {
            running.unlock();
        }
    }

    private Cycle send(Leases.Held lease, BooleanSupplier goOn) {
        queue.prepare(lease);
        List<NotificationEntry> due = queue.due(maxPerCycle);
        int installed = 0;
        int refused = 0;
        int deferred = 0;
        for (NotificationEntry entry : due) {
            if (!goOn.getAsBoolean()) {
                break;
            }
            // maj-pass-iae is not idempotent (§3.5): a node that lost its lease leaves the entry to the new leader
            lease.fence();
            NotificationOutcome outcome = sender.send(entry);
            queue.record(lease, entry, outcome.status(), outcome.endpoint(), outcome.code(), outcome.maybeInstalled());
            switch (outcome.status()) {
                case SUCCESS -> installed++;
                case ERROR -> refused++;
                default -> deferred++;
            }
        }
        return new Cycle(installed + refused + deferred, installed, refused, deferred);
    }

    private void report(Cycle cycle) {
        if (cycle.sent() == 0) {
            return;
        }
        if (cycle.installed() > 0) {
            flows.success(FLOW, cycle.installed(), cycle.refused());
        }
        if (cycle.deferred() > 0) {
            flows.failure(FLOW, cycle.deferred() + " notification(s) to retry");
        }
        // §3.6 alerts: a full cycle without one success, and entries retried for more than 24 hours
        if (cycle.sent() == maxPerCycle && cycle.installed() == 0) {
            LOG.error("ALERT {}: every notification of a full cycle ({}) failed", FLOW, cycle.sent());
        }
        long stuck = queue.retryingForADay();
        if (stuck > 0) {
            LOG.error("ALERT {}: {} notification(s) in {} for more than 24 hours", FLOW, stuck, NotificationStatus.SHOULD_RETRY);
        }
        LOG.info("{}: {} sent, {} installed, {} refused, {} to retry", FLOW, cycle.sent(), cycle.installed(), cycle.refused(),
                cycle.deferred());
    }
}
