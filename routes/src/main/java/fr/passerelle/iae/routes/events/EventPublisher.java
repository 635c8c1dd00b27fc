package fr.passerelle.iae.routes.events;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.clients.producer.RecordMetadata;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.outbox.PendingEvent;

/**
 * Publishes outbox events to Kafka. Idempotent producer with at most 5 requests in flight: Kafka keeps the
 * order per partition, hence per key, even when it retries.
 */
@Component
public class EventPublisher implements DisposableBean {

    private final KafkaProducer<String, byte[]> producer;

    public EventPublisher(@Value("${passerelle.kafka.brokers}") String brokers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, brokers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.ENABLE_IDEMPOTENCE_CONFIG, true);
        props.put(ProducerConfig.MAX_IN_FLIGHT_REQUESTS_PER_CONNECTION, 5);
        props.put(ProducerConfig.LINGER_MS_CONFIG, 5);
        props.put(ProducerConfig.DELIVERY_TIMEOUT_MS_CONFIG, 30_000);
        props.put(ProducerConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000);
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, 10_000);
        props.put(ProducerConfig.CLIENT_ID_CONFIG, "passerelle-event-relay");
        producer = new KafkaProducer<>(props, new StringSerializer(), new ByteArraySerializer());
    }

    /**
     * Sends the batch and waits for every acknowledgement; throws if any event was not acknowledged.
     *
     * @return where each event was written, in the batch's order
     */
    public List<RecordMetadata> publish(List<PendingEvent> events) throws InterruptedException {
        List<Future<RecordMetadata>> acks = new ArrayList<>(events.size());
        for (PendingEvent event : events) {
            ProducerRecord<String, byte[]> record = new ProducerRecord<>(event.topic(), event.key(), event.payload());
            record.headers().add("eventId", event.eventId().toString().getBytes(StandardCharsets.UTF_8));
            record.headers().add("eventType", event.type().getBytes(StandardCharsets.UTF_8));
            record.headers().add("contentType", "application/vnd.apache.avro+binary;encoding=single-object".getBytes(StandardCharsets.UTF_8));
            acks.add(producer.send(record));
        }
        List<RecordMetadata> written = new ArrayList<>(acks.size());
        try {
            for (Future<RecordMetadata> ack : acks) {
                written.add(ack.get(30, TimeUnit.SECONDS));
            }
            return written;
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("Kafka did not acknowledge every event of the batch", e);
        }
    }

    @Override
    public void destroy() {
        producer.close(java.time.Duration.ofSeconds(10));
    }
}
