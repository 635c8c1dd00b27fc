package fr.passerelle.iae.routes.ops;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.ProducerTemplate;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.registry.deadletter.DeadLetters.DeadLetter;
import fr.passerelle.iae.registry.deadletter.DeadLetters.Status;

/**
 * Replays a dead letter onto the topic it came from, with its key and its original record time (the flows
 * decide on the date of the fact, so the replay decides as the first attempt would have). The letter is marked
 * REPLAYED in the transaction that sends it: a failed send leaves it PENDING, two clicks replay it once.
 */
@Component
public class DeadLetterReplay {

    private final DeadLetters letters;
    private final ProducerTemplate producer;
    private final TransactionTemplate transaction;

    public DeadLetterReplay(DeadLetters letters, ProducerTemplate producer, TransactionTemplate transaction) {
        this.letters = letters;
        this.producer = producer;
        this.transaction = transaction;
    }

    public Optional<DeadLetter> replay(UUID id) {
        return transaction.execute(tx -> {
            Optional<DeadLetter> letter = letters.settle(id, Status.REPLAYED);
            letter.ifPresent(this::send);
            return letter;
        });
    }

    public Optional<DeadLetter> discard(UUID id) {
        return transaction.execute(tx -> letters.settle(id, Status.DISCARDED));
    }

    private void send(DeadLetter letter) {
        if (!letter.endpoint().startsWith("kafka:")) {
            throw new IllegalStateException("dead letter " + letter.id() + " has no topic to go back to: " + letter.endpoint());
        }
        Map<String, Object> headers = new HashMap<>();
        String key = letter.headers().get(DeadLetterRoute.KEY);
        if (key != null) {
            headers.put(KafkaConstants.KEY, key);
        }
        String correlationId = letter.headers().get(DeadLetterRoute.CORRELATION_ID);
        if (correlationId != null) {
            headers.put(DeadLetterRoute.CORRELATION_ID, correlationId);
        }
        String timestamp = letter.headers().get(DeadLetterRoute.TIMESTAMP);
        if (timestamp != null) {
            headers.put(KafkaConstants.OVERRIDE_TIMESTAMP, Long.valueOf(timestamp));
        }
        producer.sendBodyAndHeaders(letter.endpoint() + "?valueSerializer=org.apache.kafka.common.serialization.ByteArraySerializer"
                + "&enableIdempotence=true&requestRequiredAcks=all", letter.payload(), headers);
    }
}
