package fr.passerelle.iae.routes.faults;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * Clients changing the registry through the API for as long as a scenario lasts: each issues a PASS for a new person,
 * then cancels it, so that every PASS number gets two events whose order matters ({@code PassIssued} then
 * {@code PassCancelled}). A request cut by a kill is sent again with its idempotency key until the node answers.
 */
final class PassChanges implements AutoCloseable {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HubApi api;
    private final AtomicBoolean running = new AtomicBoolean(true);
    /** PASS number → the events its changes must produce, in the order the changes were answered. */
    private final Map<String, List<String>> expected = new ConcurrentHashMap<>();
    private final AtomicLong http5xx = new AtomicLong();
    /** Issuances answered without a PASS: none expected, each of a new person. */
    private final List<String> refused = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<Thread> threads = new ArrayList<>();
    private final List<Throwable> failures = new java.util.concurrent.CopyOnWriteArrayList<>();

    private PassChanges(HubApi api) {
        this.api = api;
    }

    static PassChanges start(HubApi api, int clients) {
        PassChanges changes = new PassChanges(api);
        for (int i = 0; i < clients; i++) {
            Thread thread = new Thread(changes::run, "fault-suite-pass-changes-" + i);
            thread.setDaemon(true);
            changes.threads.add(thread);
            thread.start();
        }
        return changes;
    }

    private void run() {
        try {
            while (running.get()) {
                var issued = api.postUntilAnswered("/api/v1/passes", "fault-issue-" + UUID.randomUUID(),
                        FaultFixtures.passRequest().body(), Duration.ofMinutes(3));
                if (issued.statusCode() >= 500) {
                    http5xx.incrementAndGet();
                    continue;
                }
                String number = JSON.readTree(issued.body()).path("number").asText();
                if (number.isEmpty()) {
                    refused.add(issued.statusCode() + " " + issued.body());
                    continue;
                }
                List<String> events = new java.util.concurrent.CopyOnWriteArrayList<>(List.of("PassIssued"));
                expected.put(number, events);
                var cancelled = api.postUntilAnswered("/api/v1/passes/" + number + "/cancellation", "fault-cancel-" + UUID.randomUUID(),
                        FaultFixtures.json(Map.of("siret", FaultFixtures.DEMO_SIRET, "reason", "embauche annulée")), Duration.ofMinutes(3));
                if (cancelled.statusCode() >= 500) {
                    http5xx.incrementAndGet();
                } else if (cancelled.statusCode() == 200) {
                    events.add("PassCancelled");
                }
            }
        } catch (Throwable e) {
            failures.add(e);
        }
    }

    /** PASS numbers whose two changes were both answered so far. */
    long completed() {
        return expected.values().stream().filter(events -> events.size() == 2).count();
    }

    /** Stops the clients after their current change; what they changed. */
    Map<String, List<String>> stop() {
        running.set(false);
        for (Thread thread : threads) {
            try {
                thread.join(Duration.ofMinutes(4).toMillis());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
        if (!failures.isEmpty()) {
            throw new IllegalStateException("a client failed", failures.get(0));
        }
        return Map.copyOf(expected);
    }

    List<String> refused() {
        return List.copyOf(refused);
    }

    long http5xx() {
        return http5xx.get();
    }

    @Override
    public void close() {
        running.set(false);
    }
}
