package fr.passerelle.iae.routes;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.journal.FlowStates;

/**
 * What the request-driven flows (REST, Kafka commands) did on this node since it started: counted in memory,
 * since writing a row per request would cost the hot path a second transaction.
 */
@Component
public class FlowActivity {

    public record Snapshot(long processed, long rejected, Instant lastSuccessAt, Instant lastErrorAt, String lastError) {
        static final Snapshot NONE = new Snapshot(0, 0, null, null, null);
    }

    private static final class Counters {
        final AtomicLong processed = new AtomicLong();
        final AtomicLong rejected = new AtomicLong();
        final AtomicReference<Instant> lastSuccessAt = new AtomicReference<>();
        final AtomicReference<Instant> lastErrorAt = new AtomicReference<>();
        final AtomicReference<String> lastError = new AtomicReference<>();
        // counted since the last flush into the hourly buckets of the registry
        final AtomicLong unflushedProcessed = new AtomicLong();
        final AtomicLong unflushedRejected = new AtomicLong();
        final AtomicLong unflushedFailures = new AtomicLong();
    }

    private final Map<String, Counters> flows = new ConcurrentHashMap<>();
    private final Clock clock;
    private final FlowStates states;

    public FlowActivity(Clock clock, FlowStates states) {
        this.clock = clock;
        this.states = states;
    }

    /**
     * One answered unit: 2xx processed, 4xx rejected (its reason went back to the sender), 5xx a fault of the hub, whose
     * error operators see with its personal values masked (ID-10).
     */
    public void answered(String flow, int status, String error) {
        Counters counters = flows.computeIfAbsent(flow, f -> new Counters());
        if (status < 400) {
            counters.processed.incrementAndGet();
            counters.unflushedProcessed.incrementAndGet();
            counters.lastSuccessAt.set(clock.instant());
        } else if (status < 500) {
            counters.rejected.incrementAndGet();
            counters.unflushedRejected.incrementAndGet();
            counters.lastSuccessAt.set(clock.instant());
        } else {
            counters.unflushedFailures.incrementAndGet();
            counters.lastErrorAt.set(clock.instant());
            counters.lastError.set(PersonalData.mask(error));
        }
    }

    /**
     * Adds what was counted since the last call to the hour buckets shared by all nodes (the 24-hour chart). Not
     * flushed at shutdown: the registry may already be gone, and waiting for it would hold the stop; the chart loses
     * at most one flush period of a stopping node.
     */
    public void flush() {
        flows.forEach((flow, counters) -> {
            long processed = counters.unflushedProcessed.getAndSet(0);
            long rejected = counters.unflushedRejected.getAndSet(0);
            long failures = counters.unflushedFailures.getAndSet(0);
            try {
                states.addToHour(flow, clock.instant(), processed, rejected, failures);
            } catch (RuntimeException e) {
                // registry unreachable: keep the counts for the next flush rather than lose them
                counters.unflushedProcessed.addAndGet(processed);
                counters.unflushedRejected.addAndGet(rejected);
                counters.unflushedFailures.addAndGet(failures);
                throw e;
            }
        });
    }

    public Snapshot of(String flow) {
        Counters counters = flows.get(flow);
        if (counters == null) {
            return Snapshot.NONE;
        }
        return new Snapshot(counters.processed.get(), counters.rejected.get(), counters.lastSuccessAt.get(),
                counters.lastErrorAt.get(), counters.lastError.get());
    }
}
