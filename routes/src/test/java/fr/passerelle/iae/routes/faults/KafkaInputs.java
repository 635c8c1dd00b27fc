package fr.passerelle.iae.routes.faults;

import java.nio.charset.StandardCharsets;
import java.util.Map;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;

/** Messages a partner puts on the hub's input topics, keyed by their idempotency key (API.md). */
final class KafkaInputs {

    private KafkaInputs() {
    }

    /** Sends every body under its key and waits until Kafka has them all. */
    static void publish(String brokers, String topic, Map<String, byte[]> bodies) throws Exception {
        Map<String, Object> config = Map.of("bootstrap.servers", brokers, "acks", "all", "enable.idempotence", true,
                "key.serializer", StringSerializer.class.getName(), "value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            var sent = bodies.entrySet().stream().map(e -> {
                ProducerRecord<String, byte[]> record = new ProducerRecord<>(topic, e.getKey(), e.getValue());
                record.headers().add("correlationId", ("fault-" + e.getKey()).getBytes(StandardCharsets.UTF_8));
                return producer.send(record);
            }).toList();
            for (var ack : sent) {
                ack.get();
            }
        }
    }
}
