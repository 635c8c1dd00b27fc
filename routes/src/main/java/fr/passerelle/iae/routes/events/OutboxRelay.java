package fr.passerelle.iae.routes.events;

import java.util.List;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

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
    private final TransactionTemplate transaction;
    private final int batchSize;

    public OutboxRelay(OutboxReader outbox, EventPublisher publisher, PlatformTransactionManager transactions,
                       @Value("${passerelle.relay.batch-size:500}") int batchSize) {
        this.outbox = outbox;
        this.publisher = publisher;
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
            try {
                publisher.publish(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("relay interrupted", e);
            }
            outbox.markPublished(batch.stream().map(PendingEvent::id).toList());
            return batch.size();
        });
        return sent == null ? 0 : sent;
    }
}
