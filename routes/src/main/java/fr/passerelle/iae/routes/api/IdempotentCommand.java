package fr.passerelle.iae.routes.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Supplier;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.component.kafka.KafkaConstants;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.registry.evidence.EvidenceLeaves;
import fr.passerelle.iae.registry.idempotency.IdempotentExecution;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.runtime.CorrelationIds;

/**
 * A mutating call runs once per (client, idempotency key), whether it came over REST (the {@code Idempotency-Key}
 * header) or as a Kafka message (its key): the same key and request replay the first answer. Business refusals are
 * answers, stored and replayed like successes.
 */
@Component
class IdempotentCommand {

    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,100}$");

    private final IdempotentExecution idempotent;
    private final JsonBodies json;
    private final Clock clock;

    IdempotentCommand(IdempotentExecution idempotent, JsonBodies json, Clock clock) {
        this.idempotent = idempotent;
        this.json = json;
        this.clock = clock;
    }

    /** The {@code Idempotency-Key} header of a REST command: required, 1 to 100 printable ASCII characters. */
    String key(Message in) {
        String key = in.getHeader("Idempotency-Key", String.class);
        if (key == null || key.isEmpty()) {
            throw new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "Idempotency-Key",
                    "L'en-tête Idempotency-Key est obligatoire pour cette opération.");
        }
        if (!KEY.matcher(key).matches()) {
            throw new ApiError(400, "INVALID_INPUT", "API-IDEMPOTENCY", "Idempotency-Key",
                    "L'en-tête Idempotency-Key doit compter de 1 à 100 caractères ASCII imprimables.");
        }
        return key;
    }

    /**
     * A request that came as a Kafka message: its key is the idempotency key, and "today" is its record time
     * (DOMAIN conventions: the date of the fact, so a redelivered or replayed message decides the same way). Answered
     * once per key like a command; refusals are answers.
     */
    StoredAnswer message(Exchange exchange, String flow, String client, String scope, String operation,
                         BiFunction<ApiCall, Instant, StoredAnswer> handler) {
        Message in = exchange.getMessage();
        String key = in.getHeader(KafkaConstants.KEY, String.class);
        if (key == null || key.isBlank() || key.length() > 100) {
            return json.error(new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "key",
                    "La clé du message (clé d'idempotence, 1 à 100 caractères) est obligatoire."));
        }
        Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        Instant declaredAt = timestamp == null ? clock.instant() : Instant.ofEpochMilli(timestamp);
        byte[] body = in.getBody(byte[].class);
        byte[] content = body == null ? new byte[0] : body;
        ApiCall call = new ApiCall(new ApiClient(client, Set.of(scope)), key, content, Map.of());
        Map<String, String> coordinates = new LinkedHashMap<>();
        coordinates.put("topic", in.getHeader(KafkaConstants.TOPIC, String.class));
        coordinates.put("partition", String.valueOf(in.getHeader(KafkaConstants.PARTITION)));
        coordinates.put("offset", String.valueOf(in.getHeader(KafkaConstants.OFFSET)));
        coordinates.put("key", key);
        coordinates.put("request", CorrelationIds.of(exchange));
        coordinates.put("client", client);
        return once(new EvidenceLeaves.Request(flow, FlowCatalogue.partnerOf(flow).code(), "IN", "kafka", coordinates, content, Set.of()), operation, call,
                () -> handler.apply(call, declaredAt));
    }

    /**
     * Runs {@code work} once per (client, key) of {@code call}; its refusals are answers, stored and replayed like
     * successes. A key reused with another request is refused (409).
     */
    StoredAnswer once(EvidenceLeaves.Request wire, String operation, ApiCall call, Supplier<StoredAnswer> work) {
        // the request the key stands for: its path parameters and its body (a Kafka message has no parameters)
        byte[] fingerprint = (String.join("/", call.params().values()) + "\n" + new String(call.body(), StandardCharsets.UTF_8))
                .getBytes(StandardCharsets.UTF_8);
        try {
            return idempotent.run(call.client().name(), call.idempotencyKey(), operation, fingerprint, wire, () -> {
                try {
                    return work.get();
                } catch (RejectedException e) {
                    return json.refusal(e.rejection());
                } catch (ApiError e) {
                    return json.error(e);
                }
            });
        } catch (RejectedException e) {
            return json.refusal(e.rejection());
        }
    }
}
