package fr.passerelle.iae.routes.ops;

import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.stereotype.Component;

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
    }

    private final Map<String, Counters> flows = new ConcurrentHashMap<>();
    private final Clock clock;

    public FlowActivity(Clock clock) {
        this.clock = clock;
    }

    /** One answered unit: 2xx processed, 4xx rejected (its reason went back to the sender), 5xx a fault of the hub. */
    public void answered(String flow, int status, String error) {
        Counters counters = flows.computeIfAbsent(flow, f -> new Counters());
        if (status < 400) {
            counters.processed.incrementAndGet();
            counters.lastSuccessAt.set(clock.instant());
        } else if (status < 500) {
            counters.rejected.incrementAndGet();
            counters.lastSuccessAt.set(clock.instant());
        } else {
            counters.lastErrorAt.set(clock.instant());
            counters.lastError.set(error);
        }
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
