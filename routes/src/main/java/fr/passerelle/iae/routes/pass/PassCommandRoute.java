package fr.passerelle.iae.routes.pass;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.Map;
import java.util.Set;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.api.ApiError;
import fr.passerelle.iae.routes.api.JsonBodies;
import fr.passerelle.iae.routes.ops.DeadLetterRoute;
import fr.passerelle.iae.routes.ops.FlowActivity;

/**
 * The issuance over Kafka (flow {@code pass-commands}): a request on {@code iae.pass.commands.v1}, keyed by its
 * idempotency key, gets on {@code iae.pass.replies.v1} the same body as the HTTP answer, with the HTTP status in
 * the {@code status} header and the request's {@code correlationId} header. A redelivered command replays the
 * stored answer, so consuming at least once has no second effect.
 */
@Component
public class PassCommandRoute extends RouteBuilder {

    static final String CLIENT = "kafka:iae.pass.commands.v1";
    private static final Logger LOG = LoggerFactory.getLogger(PassCommandRoute.class);

    private final PassApi api;
    private final ApiEndpoint endpoint;
    private final JsonBodies json;
    private final Clock clock;
    private final FlowActivity activity;

    public PassCommandRoute(PassApi api, ApiEndpoint endpoint, JsonBodies json, Clock clock, FlowActivity activity) {
        this.activity = activity;
        this.api = api;
        this.endpoint = endpoint;
        this.json = json;
        this.clock = clock;
    }

    @Override
    public void configure() {
        errorHandler(DeadLetterRoute.channel(this));
        from("kafka:iae.pass.commands.v1?groupId=passerelle-pass-commands&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&breakOnFirstError=true")
                .routeId("pass-commands")
                .process(this::answer)
                .to("kafka:iae.pass.replies.v1?valueSerializer=org.apache.kafka.common.serialization.StringSerializer"
                        + "&enableIdempotence=true&requestRequiredAcks=all");
    }

    private void answer(Exchange exchange) {
        var in = exchange.getMessage();
        String key = in.getHeader(KafkaConstants.KEY, String.class);
        String correlationId = header(in.getHeader("correlationId"));
        byte[] body = in.getBody(byte[].class);
        StoredAnswer answer;
        if (key == null || key.isBlank() || key.length() > 100) {
            answer = json.error(new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "key",
                    "La clé du message (clé d'idempotence, 1 à 100 caractères) est obligatoire."));
        } else {
            // DOMAIN conventions: "today" is the date of the fact, so a replayed command decides the same way
            Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
            answer = run(key, body == null ? new byte[0] : body, timestamp == null ? clock.instant() : Instant.ofEpochMilli(timestamp));
        }
        activity.answered("pass-commands", answer.status(), null);
        // one line per command, so that its correlation id leads to the outcome in the logs
        LOG.info("Kafka command {} answered with status {}", key, answer.status());
        in.removeHeaders("*");
        in.setHeader(KafkaConstants.KEY, key);
        in.setHeader("status", String.valueOf(answer.status()));
        if (correlationId != null) {
            in.setHeader("correlationId", correlationId);
        }
        in.setBody(answer.body());
    }

    private StoredAnswer run(String key, byte[] body, Instant declaredAt) {
        ApiCall call = new ApiCall(new ApiClient(CLIENT, Set.of("pass:write")), key, body, Map.of());
        byte[] fingerprint = ("\n" + new String(body, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return endpoint.once(CLIENT, key, "pass-issue", fingerprint, () -> api.issue(call, declaredAt));
    }

    private static String header(Object value) {
        if (value instanceof byte[] bytes) {
            return new String(bytes, StandardCharsets.UTF_8);
        }
        return value == null ? null : value.toString();
    }
}
