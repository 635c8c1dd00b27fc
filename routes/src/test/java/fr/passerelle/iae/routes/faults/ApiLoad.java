package fr.passerelle.iae.routes.faults;

import java.io.IOException;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A client issuing PASS requests ({@code POST /api/v1/passes}) to one node in the background for as long as a
 * scenario lasts, counting the answers 5xx: a fault of the hub (API.md). A request that finds no node listening or
 * loses its connection is no answer of the hub: counted apart.
 */
final class ApiLoad implements AutoCloseable {

    /** What the load met. */
    record Result(long answered, long http5xx, long unreachable) {
        String describe() {
            return "background POST /passes: " + answered + " answered, " + http5xx + " 5xx, " + unreachable
                    + " unreachable or not ready";
        }
    }

    private final HubApi api;
    private final AtomicBoolean running = new AtomicBoolean(true);
    private final AtomicLong answered = new AtomicLong();
    private final AtomicLong http5xx = new AtomicLong();
    private final AtomicLong unreachable = new AtomicLong();
    private final Thread thread;

    private ApiLoad(HubApi api) {
        this.api = api;
        this.thread = new Thread(this::run, "fault-suite-api-load");
        thread.setDaemon(true);
    }

    static ApiLoad start(HubApi api) throws IOException {
        ApiLoad load = new ApiLoad(api);
        load.thread.start();
        return load;
    }

    private void run() {
        while (running.get()) {
            var answer = api.post("/api/v1/passes", "fault-load-" + UUID.randomUUID(), FaultFixtures.passRequest().body());
            if (answer.isEmpty()) {
                unreachable.incrementAndGet();
                // nothing listens: do not spin while the node starts again
                java.util.concurrent.locks.LockSupport.parkNanos(200_000_000L);
            } else {
                answered.incrementAndGet();
                if (answer.get().statusCode() >= 500) {
                    http5xx.incrementAndGet();
                }
            }
        }
    }

    Result stop() {
        running.set(false);
        try {
            thread.join(60_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        return new Result(answered.get(), http5xx.get(), unreachable.get());
    }

    @Override
    public void close() {
        running.set(false);
    }
}
