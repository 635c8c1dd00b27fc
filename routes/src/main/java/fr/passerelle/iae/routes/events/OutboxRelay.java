package fr.passerelle.iae.routes.events;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import org.apache.kafka.clients.producer.RecordMetadata;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.evidence.EvidenceLeaves;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.outbox.OutboxReader;
import fr.passerelle.iae.registry.outbox.PendingEvent;

/**
 * Moves outbox rows to Kafka, oldest first, marking them published only once Kafka acknowledged them: at
 * least once, in order per key. A crash between the two re-sends the batch; consumers deduplicate by eventId.
 */
@Component
public class OutboxRelay {

    private final OutboxReader outbox;
    private final EventPublisher publisher;
    private final EvidenceLeaves evidence;
    private final TransactionTemplate transaction;
    private final int batchSize;

    public OutboxRelay(OutboxReader outbox, EventPublisher publisher, EvidenceLeaves evidence,
                       PlatformTransactionManager transactions, @Value("${passerelle.relay.batch-size:500}") int batchSize) {
        this.outbox = outbox;
        this.publisher = publisher;
        this.evidence = evidence;
        this.transaction = new TransactionTemplate(transactions);
        this.batchSize = batchSize;
    }

    /** Publishes pending events until none is left; returns how many were published. */
    public int drain() {
        int total = 0;
        int sent;
        do {
            sent = relayOneBatch();
            total += sent;
        } while (sent == batchSize);
        return total;
    }

    private int relayOneBatch() {
        Integer sent = transaction.execute(tx -> {
            if (!outbox.tryLeadRelay()) {
                return 0;
            }
            List<PendingEvent> batch = outbox.pending(batchSize);
            if (batch.isEmpty()) {
                return 0;
            }
            List<RecordMetadata> written;
            try {
                written = publisher.publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("relay interrupted", e);
            }
            evidence.published(messages(batch, written));
            outbox.markPublished(batch.stream().map(PendingEvent::id).toList());
            return batch.size();
        });
        return sent == null ? 0 : sent;
    }

    /** Each event as Kafka acknowledged it, for its evidence leaf; its key names the PASS when it is one. */
    private static List<EvidenceLeaves.Request> messages(List<PendingEvent> batch, List<RecordMetadata> written) {
        List<EvidenceLeaves.Request> messages = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            PendingEvent event = batch.get(i);
            Map<String, String> coordinates = new LinkedHashMap<>();
            coordinates.put("topic", written.get(i).topic());
            coordinates.put("partition", String.valueOf(written.get(i).partition()));
            coordinates.put("offset", String.valueOf(written.get(i).offset()));
            coordinates.put("key", event.key());
            coordinates.put("eventId", event.eventId().toString());
            coordinates.put("eventType", event.type());
            messages.add(new EvidenceLeaves.Request(FlowCatalogue.EVENT_RELAY.id(), FlowCatalogue.EVENT_RELAY.partner().code(),
                    "OUT", "kafka", coordinates, event.payload(), event.key() == null ? Set.of() : Set.of(event.key())));
        }
        return messages;
    }
}
