package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.journal.FlowRuns;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.api.TryLater;
import fr.passerelle.iae.routes.pass.PassFixtures;
import io.micrometer.core.instrument.MeterRegistry;

/** Runs on demand go in the background on a few threads of their own: the API keeps serving, whatever they do. */
class RunNowTest extends HubTestSupport {

    @Autowired
    FlowRunner runner;
    @Autowired
    MeterRegistry meters;

    @Test
    void thirty_concurrent_runs_now_while_passes_are_issued_answer_no_5xx_and_refuse_no_pass() throws Exception {
        String ops = keyWith("ops:read", "ops:write");
        String pass = keyWith("pass:write");
        List<String> flows = List.of("event-relay", "ft-pass-file", "ft-notifications", "sirene-verification", "conventions");
        double timeoutsBefore = connectionTimeouts();
        ExecutorService clients = Executors.newFixedThreadPool(90);
        CountDownLatch go = new CountDownLatch(1);
        List<Future<Answer>> runs = new ArrayList<>();
        List<Future<Answer>> passes = new ArrayList<>();
        try {
            for (int i = 0; i < 30; i++) {
                String flow = flows.get(i % flows.size());
                runs.add(clients.submit(once(go, () -> post("/api/v1/ops/flows/" + flow + "/run", ops, UUID.randomUUID().toString(), "{}"))));
            }
            for (int i = 0; i < 60; i++) {
                passes.add(clients.submit(once(go, () -> post("/api/v1/passes", pass, UUID.randomUUID().toString(),
                        toJson(PassFixtures.newHire(today()))))));
            }
            go.countDown();

            Set<String> runIds = new HashSet<>();
            for (Future<Answer> run : runs) {
                Answer answer = run.get(2, TimeUnit.MINUTES);
                assertThat(answer.status()).as(answer.raw()).isEqualTo(202);
                runIds.add(answer.body().get("runId").asText());
            }
            for (Future<Answer> issued : passes) {
                Answer answer = issued.get(2, TimeUnit.MINUTES);
                assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
            }
            for (String runId : runIds) {
                JsonNode ended = await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                        .until(() -> get("/api/v1/ops/runs/" + runId, ops).body(), r -> !r.get("state").asText().equals("RUNNING"));
                assertThat(ended.get("state").asText()).as(ended.toString()).isEqualTo("DONE");
            }
        } finally {
            clients.shutdownNow();
        }
        assertThat(connectionTimeouts()).as("requests that waited in vain for a registry connection").isEqualTo(timeoutsBefore);
    }

    @Test
    void a_node_takes_a_bounded_number_of_runs_one_per_flow_and_answers_429_beyond() {
        String ops = keyWith("ops:read", "ops:write");
        CountDownLatch release = new CountDownLatch(1);
        List<FlowRuns.Run> held = new ArrayList<>();
        ScheduledFlow first = holding("test-held-0", release);
        String refusedKey = UUID.randomUUID().toString();
        try {
            held.add(runner.start(first));
            // every slot taken, queue included: whatever the threads and queue of this node are
            for (int i = 1; ; i++) {
                try {
                    held.add(runner.start(holding("test-held-" + i, release)));
                } catch (TryLater full) {
                    break;
                }
            }

            Answer refused = post("/api/v1/ops/flows/event-relay/run", ops, refusedKey, "{}");
            FlowRuns.Run again = runner.start(first);

            assertThat(refused.status()).as(refused.raw()).isEqualTo(429);
            assertThat(refused.headers().firstValue("Retry-After")).hasValue("30");
            assertThat(refused.body().get("code").asText()).isEqualTo("TOO_MANY_RUNS");
            assertThat(refused.body().get("message").asText()).contains("réessayez");
            assertThat(again.id()).as("the run going for this flow, not a second one").isEqualTo(held.get(0).id());
            assertThat(get("/api/v1/ops/runs/" + held.get(1).id(), ops).body().get("state").asText()).isEqualTo("RUNNING");
        } finally {
            release.countDown();
        }
        for (FlowRuns.Run run : held) {
            JsonNode ended = await().atMost(Duration.ofSeconds(60))
                    .until(() -> get("/api/v1/ops/runs/" + run.id(), ops).body(), r -> !r.get("state").asText().equals("RUNNING"));
            assertThat(ended.get("state").asText()).isEqualTo("DONE");
            assertThat(ended.get("counts").get("processed").asLong()).isEqualTo(1);
        }
        // a refusal is not the answer stored for its key: the same request is taken once there is room
        await().atMost(Duration.ofSeconds(10))
                .until(() -> post("/api/v1/ops/flows/event-relay/run", ops, refusedKey, "{}").status(), status -> status == 202);
    }

    @Test
    void a_failed_run_says_why_with_personal_data_masked() {
        String ops = keyWith("ops:read");
        FlowRuns.Run run = runner.start(new ScheduledFlow() {
            @Override
            public String id() {
                return "test-failing";
            }

            @Override
            public FlowCatalogue entry() {
                return FlowCatalogue.EVENT_RELAY;   // any entry: the runner knows a flow by its id
            }

            @Override
            public List<String> routeIds() {
                return List.of();
            }

            @Override
            public FlowRun runNow() {
                throw new IllegalStateException("polling failed", new IllegalArgumentException("NIR 290043523805128 refusé"));
            }
        });

        JsonNode failed = await().atMost(Duration.ofSeconds(60))
                .until(() -> get("/api/v1/ops/runs/" + run.id(), ops).body(), r -> !r.get("state").asText().equals("RUNNING"));

        assertThat(failed.get("state").asText()).isEqualTo("FAILED");
        assertThat(failed.get("counts").isNull()).isTrue();
        assertThat(failed.get("finishedAt").isNull()).isFalse();
        assertThat(failed.get("error").asText()).contains("polling failed").contains("refusé").doesNotContain("290043523805128");
    }

    private double connectionTimeouts() {
        return meters.find("hikaricp.connections.timeout").counters().stream().mapToDouble(c -> c.count()).sum();
    }

    private static <T> Callable<T> once(CountDownLatch go, Callable<T> call) {
        return () -> {
            go.await();
            return call.call();
        };
    }

    /** A flow whose run lasts until {@code release}, and counts one unit. */
    private static ScheduledFlow holding(String id, CountDownLatch release) {
        return new ScheduledFlow() {
            @Override
            public String id() {
                return id;
            }

            @Override
            public FlowCatalogue entry() {
                return FlowCatalogue.EVENT_RELAY;   // any entry: the runner knows a flow by its id
            }

            @Override
            public List<String> routeIds() {
                return List.of();
            }

            @Override
            public FlowRun runNow() {
                try {
                    release.await(60, TimeUnit.SECONDS);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                return new FlowRun(1, 0);
            }
        };
    }
}
