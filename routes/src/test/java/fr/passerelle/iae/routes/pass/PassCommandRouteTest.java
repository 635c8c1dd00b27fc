package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.header.Header;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.KafkaTopics;

/** The issuance over Kafka answers like the HTTP API, once per idempotency key. */
class PassCommandRouteTest extends HubTestSupport {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void a_command_gets_a_reply_with_its_correlation_id_and_a_redelivery_replays_it() throws Exception {
        String idempotencyKey = "cmd-" + UUID.randomUUID();
        byte[] body = toJson(PassFixtures.newHire(today())).getBytes(StandardCharsets.UTF_8);
        String first = "corr-" + UUID.randomUUID();
        String second = "corr-" + UUID.randomUUID();

        KafkaTopics.send(command(idempotencyKey, body, first));
        KafkaTopics.send(command(idempotencyKey, body, second));
        List<ConsumerRecord<String, byte[]>> replies = KafkaTopics.await("iae.pass.replies.v1",
                r -> idempotencyKey.equals(r.key()), 2, Duration.ofSeconds(60));

        assertThat(replies).hasSize(2);
        assertThat(header(replies.get(0), "correlationId")).isEqualTo(first);
        assertThat(header(replies.get(0), "status")).isEqualTo("201");
        assertThat(header(replies.get(1), "correlationId")).isEqualTo(second);
        JsonNode reply = json.readTree(replies.get(0).value());
        assertThat(reply.get("decision").asText()).isEqualTo("ISSUED");
        assertThat(replies.get(1).value()).isEqualTo(replies.get(0).value());

        // one evidence leaf: the message as consumed, where it was, and the PASS answered; the redelivery adds none
        List<byte[]> leaves = jdbc.sql("""
                        SELECT body FROM evidence_leaf WHERE exchange_id IS NULL
                        AND convert_from(body, 'UTF8')::jsonb #>> '{coordinates,key}' = ?""").param(idempotencyKey)
                .query(byte[].class).list();
        assertThat(leaves).hasSize(1);
        JsonNode leaf = json.readTree(leaves.get(0));
        assertThat(leaf.get("flow").asText()).isEqualTo("pass-commands");
        assertThat(leaf.get("channel").asText()).isEqualTo("kafka");
        assertThat(leaf.at("/coordinates/topic").asText()).isEqualTo("iae.pass.commands.v1");
        assertThat(leaf.at("/coordinates/offset").asText()).containsOnlyDigits();
        assertThat(leaf.at("/coordinates/partition").asText()).containsOnlyDigits();
        assertThat(leaf.at("/coordinates/request").asText()).isEqualTo(first);
        assertThat(leaf.get("sha256").asText()).isEqualTo(Sha256.of(body));
        assertThat(leaf.at("/answer/sha256").asText()).isEqualTo(Sha256.of(replies.get(0).value()));
        assertThat(leaf.at("/pass/0").asText()).isEqualTo(reply.get("number").asText());
    }

    @Test
    void an_invalid_command_gets_the_error_body_of_the_api() throws Exception {
        String idempotencyKey = "cmd-" + UUID.randomUUID();
        KafkaTopics.send(command(idempotencyKey, "{\"person\": 12}".getBytes(StandardCharsets.UTF_8), "c-" + idempotencyKey));

        List<ConsumerRecord<String, byte[]>> replies = KafkaTopics.await("iae.pass.replies.v1",
                r -> idempotencyKey.equals(r.key()), 1, Duration.ofSeconds(60));

        assertThat(replies).hasSize(1);
        assertThat(header(replies.get(0), "status")).isEqualTo("400");
        assertThat(json.readTree(replies.get(0).value()).get("code").asText()).isEqualTo("INVALID_INPUT");
    }

    private static ProducerRecord<String, byte[]> command(String key, byte[] body, String correlationId) {
        ProducerRecord<String, byte[]> record = new ProducerRecord<>("iae.pass.commands.v1", key, body);
        record.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));
        return record;
    }

    private static String header(ConsumerRecord<String, byte[]> record, String name) {
        Header header = record.headers().lastHeader(name);
        return header == null ? null : new String(header.value(), StandardCharsets.UTF_8);
    }
}
