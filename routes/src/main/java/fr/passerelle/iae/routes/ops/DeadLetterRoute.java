package fr.passerelle.iae.routes.ops;

import java.nio.charset.StandardCharsets;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.DeadLetterChannelBuilder;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.mappings.identity.PersonalData;

/**
 * Where a Kafka message ends when its flow failed on it after the retries: stored whole in the registry so that
 * the consumer can commit and go on with the next message (a poisoned message must not block its partition),
 * and replayed later from the ops API onto the topic it came from.
 */
@Component
public class DeadLetterRoute extends RouteBuilder {

    static final String URI = "direct:dead-letter";
    /** Headers kept with the message: what its flow reads besides the body. */
    static final String KEY = "key";
    static final String CORRELATION_ID = "correlationId";
    static final String TIMESTAMP = "timestamp";

    private static final Logger LOG = LoggerFactory.getLogger(DeadLetterRoute.class);

    private final DeadLetters letters;
    private final FlowActivity activity;
    private final Map<String, String> flowOfRoute = new HashMap<>();

    public DeadLetterRoute(DeadLetters letters, FlowActivity activity, List<Flow> flows) {
        this.letters = letters;
        this.activity = activity;
        flows.forEach(flow -> flow.routeIds().forEach(route -> flowOfRoute.put(route, flow.id())));
    }

    /** The error handler of a Kafka-consuming route: a few redeliveries for passing faults, then the dead letters. */
    public static DeadLetterChannelBuilder channel(RouteBuilder routes) {
        DeadLetterChannelBuilder channel = routes.deadLetterChannel(URI);
        channel.maximumRedeliveries(3).redeliveryDelay(500).backOffMultiplier(2).useExponentialBackOff()
                .useOriginalMessage().logExhausted(false).logRetryAttempted(true);
        // if even the registry cannot keep it, the message must stay on its topic rather than be dropped
        channel.deadLetterHandleNewException(false);
        return channel;
    }

    @Override
    public void configure() {
        from(URI).routeId("dead-letters").process(this::store);
    }

    private void store(Exchange exchange) {
        Message message = exchange.getMessage();
        Throwable failure = exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Throwable.class);
        String error = failure == null ? "échec sans exception"
                : failure.getClass().getSimpleName() + ": " + failure.getMessage();
        String flow = flowOfRoute.getOrDefault(exchange.getFromRouteId(), exchange.getFromRouteId());
        String topic = message.getHeader(KafkaConstants.TOPIC, String.class);
        String endpoint = topic != null ? "kafka:" + topic : exchange.getFromEndpoint().getEndpointBaseUri();
        Map<String, String> headers = new LinkedHashMap<>();
        putIfPresent(headers, KEY, message.getHeader(KafkaConstants.KEY));
        putIfPresent(headers, CORRELATION_ID, message.getHeader(CORRELATION_ID));
        putIfPresent(headers, TIMESTAMP, message.getHeader(KafkaConstants.TIMESTAMP));
        UUID id = letters.record(flow, endpoint, headers, message.getBody(byte[].class), error);
        activity.answered(flow, 500, error);
        LOG.error("Message of flow {} kept as dead letter {} after its retries: {}", flow, id, error,
                failure == null ? null : PersonalData.masked(failure));
    }

    private static void putIfPresent(Map<String, String> headers, String name, Object value) {
        if (value instanceof byte[] bytes) {
            headers.put(name, new String(bytes, StandardCharsets.UTF_8));
        } else if (value != null) {
            headers.put(name, value.toString());
        }
    }
}
