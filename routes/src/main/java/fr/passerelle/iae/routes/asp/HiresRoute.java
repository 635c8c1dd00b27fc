package fr.passerelle.iae.routes.asp;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
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
 * Flow {@code hires}: {@code POST /api/v1/hires}, {@code GET /api/v1/fiches-salarie/{id}}, the operations lists of fiches
 * salarié and of hires waiting for their employer's convention, and the same hire as a message on {@code iae.hires.v1}
 * (key = idempotency key). API.md defines no reply topic for hires: a message's answer (the same body as the HTTP
 * answer, refusals included) is stored with its idempotency key, counted in the flow's activity and logged with its key
 * and status; the fiche salarié it created is then followed by its events on {@code iae.employee-records.v1}. A
 * redelivered message replays the stored answer: no second effect.
 */
@Component
public class HiresRoute extends RouteBuilder {

    static final String FLOW = "hires";
    static final String KAFKA_CLIENT = "kafka:iae.hires.v1";
    private static final Logger LOG = LoggerFactory.getLogger(HiresRoute.class);

    private final ApiEndpoint endpoint;
    private final HiresApi api;
    private final JsonBodies json;
    private final FlowActivity activity;
    private final Clock clock;

    public HiresRoute(ApiEndpoint endpoint, HiresApi api, JsonBodies json, FlowActivity activity, Clock clock) {
        this.endpoint = endpoint;
        this.api = api;
        this.json = json;
        this.activity = activity;
        this.clock = clock;
    }

    @Override
    public void configure() {
        rest("/hires")
                .post().routeId("hires-api-declare").to("direct:hires-declare");
        rest("/fiches-salarie")
                .get("/{id}").routeId("fiches-salarie-api-get").to("direct:fiches-salarie-get");
        rest("/ops/fiches-salarie")
                .get().routeId("ops-api-fiches-salarie").to("direct:ops-fiches-salarie");
        rest("/ops/hires")
                .get("/waiting-convention").routeId("ops-api-hires-waiting-convention").to("direct:ops-hires-waiting-convention");

        from("direct:hires-declare").routeId("hires-declare")
                .process(endpoint.command(FLOW, "hire-declare", "pass:write", List.of(), api::declare));
        from("direct:fiches-salarie-get").routeId("fiches-salarie-get")
                .process(endpoint.query(FLOW, "pass:read", List.of("id"), api::get));
        from("direct:ops-fiches-salarie").routeId("ops-fiches-salarie")
                .process(endpoint.query("ops", "ops:read", List.of("status", "limit"), api::list));
        from("direct:ops-hires-waiting-convention").routeId("ops-hires-waiting-convention")
                .process(endpoint.query("ops", "ops:read", List.of("limit"), api::waitingConvention));

        from("kafka:iae.hires.v1?groupId=passerelle-hires&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer&breakOnFirstError=true")
                .routeId("hires-messages")
                .errorHandler(DeadLetterRoute.channel(this))
                .process(this::declare);
    }

    private void declare(Exchange exchange) {
        var in = exchange.getMessage();
        String key = in.getHeader(KafkaConstants.KEY, String.class);
        byte[] body = in.getBody(byte[].class);
        StoredAnswer answer;
        if (key == null || key.isBlank() || key.length() > 100) {
            answer = json.error(new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "key",
                    "La clé du message (clé d'idempotence, 1 à 100 caractères) est obligatoire."));
        } else {
            // "today" is the date of the fact, so a replayed message decides the same way
            Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
            Instant declaredAt = timestamp == null ? clock.instant() : Instant.ofEpochMilli(timestamp);
            byte[] content = body == null ? new byte[0] : body;
            ApiCall call = new ApiCall(new ApiClient(KAFKA_CLIENT, Set.of("pass:write")), key, content, Map.of());
            byte[] fingerprint = ("\n" + new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
            answer = endpoint.once(KAFKA_CLIENT, key, "hire-declare", fingerprint, () -> api.declare(call, declaredAt));
        }
        activity.answered(FLOW, answer.status(), null);
        if (answer.status() >= 400) {
            // the body names the rule and the field, never personal data (API.md errors)
            LOG.warn("hires: message {} refused ({}): {}", key, answer.status(), answer.body());
        } else {
            LOG.info("hires: message {} applied ({})", key, answer.status());
        }
    }
}
