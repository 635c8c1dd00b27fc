package fr.passerelle.iae.routes.events;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.events.PassEvent;
import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.KafkaTopics;
import fr.passerelle.iae.routes.pass.PassFixtures;

/** Outbox → relay → {@code iae.pass.events.v1}: Avro single-object events keyed by PASS number, in order. */
class PassEventsTest extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;

    @Test
    void PassIssued_then_PassCancelled_reach_kafka_keyed_by_number_in_order() throws Exception {
        String key = fullKey();
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())));
        String number = issued.body().get("number").asText();
        post("/api/v1/passes/" + number + "/cancellation", key, UUID.randomUUID().toString(),
                toJson(java.util.Map.of("siret", "73282932000074", "reason", "test")));

        List<ConsumerRecord<String, byte[]>> records = KafkaTopics.await("iae.pass.events.v1",
                r -> number.equals(r.key()), 2, Duration.ofSeconds(30));

        assertThat(records).hasSize(2);
        PassEvent first = PassEvent.getDecoder().decode(records.get(0).value());
        PassEvent second = PassEvent.getDecoder().decode(records.get(1).value());
        assertThat(first.getType()).isEqualTo(PassEventType.PassIssued);
        assertThat(first.getPassNumber()).isEqualTo(number);
        assertThat(first.getEndDate()).isEqualTo(first.getStartDate().plusDays(729));
        assertThat(second.getType()).isEqualTo(PassEventType.PassCancelled);
        assertThat(new String(records.get(0).headers().lastHeader("eventId").value(), StandardCharsets.UTF_8))
                .isEqualTo(first.getEventId().toString());
        assertThat(jdbc.sql("SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NULL").param(number)
                .query(Long.class).single()).isZero();
    }

    @Test
    void an_unknown_employer_is_announced_on_the_employers_topic() {
        String siret = "35600000049837";
        post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(java.time.LocalDate.of(1990, 4, 1)), java.time.LocalDate.of(1990, 4, 1)),
                siret, "ETTI", today().plusDays(2), today())));

        List<ConsumerRecord<String, byte[]>> records = KafkaTopics.await("iae.employers.v1", r -> siret.equals(r.key()), 1,
                Duration.ofSeconds(30));

        assertThat(records).hasSize(1);
        assertThat(new String(records.get(0).headers().lastHeader("eventType").value(), StandardCharsets.UTF_8))
                .isEqualTo("EmployerRegistered");
    }
}
