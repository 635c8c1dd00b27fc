package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.Arrays;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.HubTestSupport;

class OpsApiTest extends HubTestSupport {

    @Test
    void flows_lists_the_existing_flows_with_their_state() {
        Answer flows = get("/api/v1/ops/flows", keyWith("ops:read"));

        assertThat(flows.status()).isEqualTo(200);
        assertThat(flows.body().findValuesAsText("flow")).contains("pass-api", "pass-commands", "event-relay");
        flows.body().forEach(flow -> {
            assertThat(flow.get("state").asText()).isEqualTo("UP");
            assertThat(flow.has("lastSuccessAt")).isTrue();
            assertThat(flow.has("backlog")).isTrue();
            assertThat(flow.has("circuitBreaker")).isTrue();
        });
    }

    @Test
    void every_flow_of_the_catalogue_is_listed_once_in_its_order_with_its_partner_direction_and_kind() {
        Answer flows = get("/api/v1/ops/flows", keyWith("ops:read"));

        assertThat(flows.body().findValuesAsText("flow"))
                .containsExactlyElementsOf(Arrays.stream(FlowCatalogue.values()).map(FlowCatalogue::id).toList());
        for (FlowCatalogue entry : FlowCatalogue.values()) {
            com.fasterxml.jackson.databind.JsonNode flow = flows.body().get(entry.ordinal());
            assertThat(flow.get("label").asText()).isEqualTo(entry.label());
            assertThat(flow.get("partner").asText()).isEqualTo(entry.partner().code());
            assertThat(flow.get("direction").asText()).isEqualTo(entry.direction().name());
            assertThat(flow.get("kind").asText()).isEqualTo(entry.kind().name());
        }
        assertThat(flows.body().get(FlowCatalogue.FT_AGREMENTS.ordinal()).get("partner").asText()).isEqualTo("france-travail");
    }

    @Test
    void request_driven_flows_count_what_they_processed_and_rejected() {
        String key = fullKey();
        long before = flow("pass-api").get("rejected").asLong();
        post("/api/v1/passes", key, UUID.randomUUID().toString(), "{\"person\": 1}");

        com.fasterxml.jackson.databind.JsonNode after = flow("pass-api");

        assertThat(after.get("rejected").asLong()).isEqualTo(before + 1);
        assertThat(after.get("lastSuccessAt").isNull()).isFalse();
    }

    private com.fasterxml.jackson.databind.JsonNode flow(String id) {
        for (com.fasterxml.jackson.databind.JsonNode flow : get("/api/v1/ops/flows", keyWith("ops:read")).body()) {
            if (flow.get("flow").asText().equals(id)) {
                return flow;
            }
        }
        throw new AssertionError("no flow " + id);
    }

    @Test
    void running_a_scheduled_flow_answers_202_at_once_and_its_run_ends_with_its_counts() {
        String key = keyWith("ops:write", "ops:read");
        String idempotencyKey = UUID.randomUUID().toString();

        Answer run = post("/api/v1/ops/flows/event-relay/run", key, idempotencyKey, "{}");
        Answer replay = post("/api/v1/ops/flows/event-relay/run", key, idempotencyKey, "{}");
        Answer notScheduled = post("/api/v1/ops/flows/pass-api/run", key, UUID.randomUUID().toString(), "{}");
        Answer unknown = post("/api/v1/ops/flows/nope/run", key, UUID.randomUUID().toString(), "{}");

        assertThat(run.status()).as(run.raw()).isEqualTo(202);
        String runId = run.body().get("runId").asText();
        assertThat(run.body().get("flow").asText()).isEqualTo("event-relay");
        assertThat(run.body().get("state").asText()).isEqualTo("RUNNING");
        assertThat(run.body().get("startedAt").isNull()).isFalse();
        assertThat(run.headers().firstValue("Location")).hasValue("/api/v1/ops/runs/" + runId);
        assertThat(replay.status()).isEqualTo(202);
        assertThat(replay.body().get("runId").asText()).isEqualTo(runId);
        assertThat(replay.headers().firstValue("Location")).hasValue("/api/v1/ops/runs/" + runId);
        assertThat(notScheduled.status()).isEqualTo(409);
        assertThat(unknown.status()).isEqualTo(404);
        com.fasterxml.jackson.databind.JsonNode done = org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/api/v1/ops/runs/" + runId, key).body(), r -> r.get("state").asText().equals("DONE"));
        assertThat(done.get("runId").asText()).isEqualTo(runId);
        assertThat(done.get("finishedAt").isNull()).isFalse();
        assertThat(done.get("counts").has("processed")).isTrue();
        assertThat(done.get("counts").has("rejected")).isTrue();
        assertThat(done.get("error").isNull()).isTrue();
        assertThat(get("/api/v1/ops/runs/" + UUID.randomUUID(), key).status()).isEqualTo(404);
        assertThat(get("/api/v1/ops/runs/not-a-run", key).status()).isEqualTo(404);
    }

    @Test
    void exchanges_lists_the_journal_newest_first_filtered_by_partner_and_direction() {
        String partner = "test-" + UUID.randomUUID().toString().substring(0, 8);
        for (int i = 0; i < 3; i++) {
            journal.open("test-flow", partner, ExchangeJournal.Direction.IN, "file-" + i + ".csv",
                    keptFile(partner, 10 + i), 10 + i, null);
        }
        String key = keyWith("ops:read");

        Answer two = get("/api/v1/ops/exchanges?partner=" + partner + "&direction=IN&limit=2", key);
        Answer out = get("/api/v1/ops/exchanges?partner=" + partner + "&direction=OUT", key);
        Answer badLimit = get("/api/v1/ops/exchanges?limit=0", key);

        assertThat(two.status()).isEqualTo(200);
        assertThat(two.body()).hasSize(2);
        assertThat(two.body().get(0).get("partner").asText()).isEqualTo(partner);
        assertThat(two.body().get(0).get("counts").has("unchanged")).isTrue();
        assertThat(out.body()).isEmpty();
        assertThat(badLimit.status()).isEqualTo(400);
        assertThat(badLimit.body().get("field").asText()).isEqualTo("limit");
    }

    @org.springframework.beans.factory.annotation.Autowired
    ExchangeJournal journal;

    @Test
    void a_journal_entry_carries_the_correlation_id_of_the_unit_being_processed() {
        String partner = "test-" + UUID.randomUUID().toString().substring(0, 8);
        String correlationId = "corr-" + UUID.randomUUID();
        org.slf4j.MDC.put("correlationId", correlationId);
        try {
            journal.open("test-flow", partner, ExchangeJournal.Direction.IN, "file.csv",
                    keptFile(partner, 10), 10, null);
        } finally {
            org.slf4j.MDC.remove("correlationId");
        }

        Answer entries = get("/api/v1/ops/exchanges?partner=" + partner, keyWith("ops:read"));

        assertThat(entries.body().get(0).get("correlationId").asText()).isEqualTo(correlationId);
    }

    @Test
    void ops_endpoints_need_their_scope() {
        assertThat(get("/api/v1/ops/flows", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/ops/flows", keyWith("pass:read")).status()).isEqualTo(403);
        assertThat(post("/api/v1/ops/flows/event-relay/run", keyWith("ops:read"), UUID.randomUUID().toString(), "{}").status())
                .isEqualTo(403);
        assertThat(post("/api/v1/ops/flows/event-relay/run", null, UUID.randomUUID().toString(), "{}").status()).isEqualTo(401);
        assertThat(get("/api/v1/ops/runs/" + UUID.randomUUID(), null).status()).isEqualTo(401);
        assertThat(get("/api/v1/ops/runs/" + UUID.randomUUID(), keyWith("pass:read", "ops:write")).status()).isEqualTo(403);
        assertThat(get("/api/v1/ops/exchanges", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/ops/exchanges", keyWith("pass:read", "pass:write")).status()).isEqualTo(403);
        String rejects = "/api/v1/ops/exchanges/" + UUID.randomUUID() + "/rejects";
        assertThat(get(rejects, null).status()).isEqualTo(401);
        assertThat(get(rejects, keyWith("pass:read")).status()).isEqualTo(403);
    }

    @Test
    void the_dashboard_is_served_at_the_root_without_a_key() {
        Answer page = get("/", null);

        assertThat(page.status()).isEqualTo(200);
        assertThat(page.raw()).contains("Passerelle IAE").contains("dashboard.js");
        assertThat(get("/dashboard.js", null).raw()).contains("/api/v1/ops/flows");
    }

    @Test
    void health_includes_camel_checks_and_prometheus_exposes_metrics_to_an_ops_read_key() {
        String key = keyWith("ops:read");
        // a polling consumer counts as DOWN until its first poll: wait for the hub to settle, as a probe would
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/actuator/health", key).status() == 200);
        Answer health = get("/actuator/health", key);
        Answer prometheus = get("/actuator/prometheus", key);

        assertThat(health.status()).isEqualTo(200);
        assertThat(health.raw()).contains("camelHealth").contains("route:event-relay").contains("consumer:pass-commands");
        assertThat(prometheus.status()).isEqualTo(200);
        assertThat(prometheus.raw()).contains("camel_exchanges");
    }

    @Test
    void API_AUTH_without_a_key_health_says_its_status_only_and_metrics_are_refused() {
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(60))
                .until(() -> get("/actuator/health", null).status() == 200);

        for (String path : List.of("/actuator/health", "/actuator/health/readiness", "/actuator/health/liveness")) {
            Answer status = get(path, null);
            assertThat(status.status()).as(path).isEqualTo(200);
            // the names of the probe groups, nothing about any component
            assertThat(status.body().properties()).as(path).extracting(java.util.Map.Entry::getKey).contains("status")
                    .isSubsetOf("status", "groups");
        }
        assertThat(get("/actuator/health", keyWith("pass:read")).raw()).doesNotContain("components");
        for (String path : List.of("/actuator/prometheus", "/actuator/metrics", "/actuator/metrics/jvm.memory.used", "/actuator/info")) {
            assertThat(get(path, null).status()).as(path).isEqualTo(401);
            assertThat(get(path, keyWith("pass:write")).status()).as(path).isEqualTo(403);
        }
        assertThat(get("/actuator/health/db", null).raw()).doesNotContain("PostgreSQL").doesNotContain("validationQuery");
    }

    @org.springframework.beans.factory.annotation.Autowired
    fr.passerelle.iae.registry.journal.FlowStates states;
    @org.springframework.beans.factory.annotation.Autowired
    FlowActivity activity;

    /** A partner outage (here, failures of the SIRENE stock flow) degrades its flow; the node stays ready. */
    @Test
    void a_flow_failing_beyond_the_threshold_is_degraded_with_an_alert_and_the_node_stays_ready() {
        String flow = "sirene-stock";
        String key = keyWith("ops:read");
        try {
            for (int i = 0; i < 5; i++) {
                states.failure(flow, "partner unreachable");
            }

            com.fasterxml.jackson.databind.JsonNode view = flow(flow);
            Answer flows = get("/actuator/health/flows", key);
            Answer readiness = get("/actuator/health/readiness", key);

            assertThat(view.get("state").asText()).isEqualTo("DEGRADED");
            assertThat(view.get("alert").asText()).contains("5 échecs de suite").contains("partner unreachable");
            assertThat(flows.status()).isEqualTo(200);
            assertThat(flows.body().get("status").asText()).isEqualTo("UP");
            assertThat(flows.body().at("/details/alert").asText()).contains("Flux dégradés").contains(flow);
            assertThat(flows.body().at("/details/degraded/" + flow).asText()).contains("5 échecs de suite");
            assertThat(readiness.status()).as(readiness.raw()).isEqualTo(200);
            assertThat(readiness.body().get("status").asText()).isEqualTo("UP");
            // what makes this node unable to serve, and nothing of a partner
            assertThat(readiness.body().get("components").fieldNames()).toIterable()
                    .contains("db", "kafka").doesNotContain("flows", "camelHealth");
        } finally {
            states.success(flow, 0, 0);
        }
        assertThat(flow(flow).get("alert").isNull()).isTrue();
        assertThat(flow(flow).get("state").asText()).isEqualTo("UP");
    }

    @Test
    void prometheus_exposes_figures_per_flow_the_outbox_lag_and_partner_latency() {
        Answer prometheus = get("/actuator/prometheus", keyWith("ops:read"));

        assertThat(prometheus.raw())
                .contains("passerelle_flow_processed_total{flow=\"pass-api\"")
                .contains("passerelle_flow_rejected_total{flow=\"conventions\"")
                .contains("passerelle_flow_backlog{flow=\"ft-notifications\"")
                .contains("passerelle_flow_up{flow=\"event-relay\"")
                .contains("passerelle_flow_alert{flow=\"sirene-stock\"")
                .contains("passerelle_flow_dead_letters{flow=\"pass-commands\"")
                .contains("passerelle_outbox_lag_seconds")
                .contains("passerelle_partner_latency_seconds_count{partner=\"francetravail\"");
    }

    @Test
    void flows_show_their_records_of_each_of_the_last_24_hours() {
        com.fasterxml.jackson.databind.JsonNode before = flow("pass-api").get("perHour");
        post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), "{\"person\": 1}");
        activity.flush();

        com.fasterxml.jackson.databind.JsonNode after = flow("pass-api").get("perHour");

        assertThat(after).hasSize(24);
        assertThat(after.get(23).asLong()).isGreaterThan(before.get(23).asLong());
    }
}
