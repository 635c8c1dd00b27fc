package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.KafkaTopics;
import fr.passerelle.iae.routes.pass.PassFixtures;

/** API.md Operations: messages a flow failed on are kept, listed, replayed onto their topic or discarded. */
@ExtendWith(OutputCaptureExtension.class)
class DeadLettersTest extends HubTestSupport {

    @Autowired
    DeadLetters letters;

    @Test
    void a_message_the_hub_fails_on_becomes_a_dead_letter_and_the_partition_goes_on(CapturedOutput output) throws Exception {
        // PostgreSQL refuses a NUL character in text: a genuine fault of the hub, not a refusal of the sender
        String poisonedKey = "poison-\u0000-" + UUID.randomUUID();
        String correlationId = "corr-" + UUID.randomUUID();
        String nextKey = "after-" + UUID.randomUUID();
        byte[] body = toJson(PassFixtures.newHire(today())).getBytes(StandardCharsets.UTF_8);
        String key = keyWith("ops:read");

        KafkaTopics.send(command(poisonedKey, body, correlationId));
        KafkaTopics.send(command(nextKey, body, "corr-" + nextKey));

        List<ConsumerRecord<String, byte[]>> next = KafkaTopics.await("iae.pass.replies.v1", r -> nextKey.equals(r.key()), 1,
                Duration.ofSeconds(90));
        assertThat(next).hasSize(1);
        JsonNode letter = Awaitility.await().atMost(Duration.ofSeconds(30))
                .until(() -> find(get("/api/v1/ops/dead-letters?status=PENDING", key).body(), correlationId), l -> l != null);
        assertThat(letter.get("flow").asText()).isEqualTo("pass-commands");
        assertThat(letter.get("endpoint").asText()).isEqualTo("kafka:iae.pass.commands.v1");
        assertThat(letter.get("key").asText()).isEqualTo(poisonedKey);
        assertThat(letter.get("error").asText()).isNotBlank();
        assertThat(letter.get("size").asInt()).isEqualTo(body.length);
        assertThat(letter.has("payload")).isFalse();
        assertThat(flowView("pass-commands").get("deadLetters").asLong()).isPositive();
        // the log line of the failure carries the message's correlation id
        assertThat(output.getAll().lines()
                .filter(l -> l.startsWith("{") && l.contains("dead letter") && l.contains("\"correlationId\":\"" + correlationId + "\"")))
                .isNotEmpty();

        Answer discarded = post("/api/v1/ops/dead-letters/" + letter.get("id").asText() + "/discard", keyWith("ops:write"),
                UUID.randomUUID().toString(), "{}");
        assertThat(discarded.status()).isEqualTo(200);
        assertThat(discarded.body().get("status").asText()).isEqualTo("DISCARDED");
    }

    @Test
    void a_hire_message_the_hub_fails_on_is_kept_under_the_hires_flow() {
        String poisonedKey = "poison-hire-\u0000-" + UUID.randomUUID();
        String correlationId = "corr-" + UUID.randomUUID();
        byte[] body = toJson(PassFixtures.newHire(today())).getBytes(StandardCharsets.UTF_8);
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("iae.hires.v1", poisonedKey, body);
        record.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));

        KafkaTopics.send(record);

        String key = keyWith("ops:read");
        JsonNode letter = Awaitility.await().atMost(Duration.ofSeconds(60))
                .until(() -> find(get("/api/v1/ops/dead-letters?status=PENDING", key).body(), correlationId), l -> l != null);
        assertThat(letter.get("flow").asText()).isEqualTo("hires");
        assertThat(letter.get("endpoint").asText()).isEqualTo("kafka:iae.hires.v1");
        assertThat(post("/api/v1/ops/dead-letters/" + letter.get("id").asText() + "/discard", keyWith("ops:write"),
                UUID.randomUUID().toString(), "{}").status()).isEqualTo(200);
    }

    @Test
    void a_replayed_dead_letter_goes_back_to_its_topic_once() throws Exception {
        String idempotencyKey = "replay-" + UUID.randomUUID();
        String correlationId = "corr-" + UUID.randomUUID();
        byte[] body = toJson(PassFixtures.newHire(today())).getBytes(StandardCharsets.UTF_8);
        UUID id = letters.record("pass-commands", "kafka:iae.pass.commands.v1",
                Map.of("key", idempotencyKey, "correlationId", correlationId), body, "simulated: registry unreachable");
        String key = keyWith("ops:write");

        Answer replayed = post("/api/v1/ops/dead-letters/" + id + "/replay", key, UUID.randomUUID().toString(), "{}");
        Answer again = post("/api/v1/ops/dead-letters/" + id + "/replay", key, UUID.randomUUID().toString(), "{}");
        Answer discardAfter = post("/api/v1/ops/dead-letters/" + id + "/discard", key, UUID.randomUUID().toString(), "{}");

        assertThat(replayed.status()).isEqualTo(200);
        assertThat(replayed.body().get("status").asText()).isEqualTo("REPLAYED");
        assertThat(again.status()).isEqualTo(409);
        assertThat(again.body().get("code").asText()).isEqualTo("DEAD_LETTER_SETTLED");
        assertThat(discardAfter.status()).isEqualTo(409);
        List<ConsumerRecord<String, byte[]>> replies = KafkaTopics.await("iae.pass.replies.v1",
                r -> idempotencyKey.equals(r.key()), 1, Duration.ofSeconds(60));
        assertThat(replies).hasSize(1);
        assertThat(new String(replies.get(0).headers().lastHeader("status").value(), StandardCharsets.UTF_8)).isEqualTo("201");
        assertThat(new String(replies.get(0).headers().lastHeader("correlationId").value(), StandardCharsets.UTF_8))
                .isEqualTo(correlationId);
    }

    @Test
    void dead_letter_endpoints_need_their_scope_and_a_known_id() {
        UUID id = letters.record("pass-commands", "kafka:iae.pass.commands.v1", Map.of("key", "k-" + UUID.randomUUID()),
                "{}".getBytes(StandardCharsets.UTF_8), "simulated");

        assertThat(get("/api/v1/ops/dead-letters", null).status()).isEqualTo(401);
        assertThat(get("/api/v1/ops/dead-letters", keyWith("pass:read")).status()).isEqualTo(403);
        assertThat(post("/api/v1/ops/dead-letters/" + id + "/replay", keyWith("ops:read"), UUID.randomUUID().toString(), "{}")
                .status()).isEqualTo(403);
        assertThat(post("/api/v1/ops/dead-letters/" + UUID.randomUUID() + "/replay", keyWith("ops:write"),
                UUID.randomUUID().toString(), "{}").status()).isEqualTo(404);
        assertThat(post("/api/v1/ops/dead-letters/not-a-uuid/discard", keyWith("ops:write"), UUID.randomUUID().toString(), "{}")
                .status()).isEqualTo(404);
        assertThat(get("/api/v1/ops/dead-letters?status=LOST", keyWith("ops:read")).status()).isEqualTo(400);
        assertThat(post("/api/v1/ops/dead-letters/" + id + "/discard", keyWith("ops:write"), UUID.randomUUID().toString(), "{}")
                .status()).isEqualTo(200);
    }

    private JsonNode flowView(String id) {
        for (JsonNode flow : get("/api/v1/ops/flows", keyWith("ops:read")).body()) {
            if (flow.get("flow").asText().equals(id)) {
                return flow;
            }
        }
        throw new AssertionError("no flow " + id);
    }

    private static JsonNode find(JsonNode letters, String correlationId) {
        for (JsonNode letter : letters) {
            if (correlationId.equals(letter.path("correlationId").asText(null))) {
                return letter;
            }
        }
        return null;
    }

    private static ProducerRecord<String, byte[]> command(String key, byte[] body, String correlationId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("iae.pass.commands.v1", key, body);
        record.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));
        return record;
    }
}
