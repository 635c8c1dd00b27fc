package fr.passerelle.iae.routes.asp;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.ops.DeadLetterRoute;
import fr.passerelle.iae.routes.FlowActivity;

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

    static final String FLOW = FlowCatalogue.HIRES.id();
    static final String KAFKA_CLIENT = "kafka:iae.hires.v1";
    private static final String DECLARE = "hires-declare";
    private static final String FICHE_GET = "fiches-salarie-get";
    private static final String MESSAGES = "hires-messages";
    /** The routes that carry the flow ({@link AspFlows}): the API's two operations and the Kafka consumer. */
    static final List<String> ROUTE_IDS = List.of(DECLARE, FICHE_GET, MESSAGES);
    private static final Logger LOG = LoggerFactory.getLogger(HiresRoute.class);

    private final ApiEndpoint endpoint;
    private final HiresApi api;
    private final FlowActivity activity;

    public HiresRoute(ApiEndpoint endpoint, HiresApi api, FlowActivity activity) {
        this.endpoint = endpoint;
        this.api = api;
        this.activity = activity;
    }

    @Override
    public void configure() {
        rest("/hires")
                .post().routeId("hires-api-declare").to("direct:" + DECLARE);
        rest("/fiches-salarie")
                .get("/{id}").routeId("fiches-salarie-api-get").to("direct:" + FICHE_GET);
        rest("/ops/fiches-salarie")
                .get().routeId("ops-api-fiches-salarie").to("direct:ops-fiches-salarie");
        rest("/ops/hires")
                .get("/waiting-convention").routeId("ops-api-hires-waiting-convention").to("direct:ops-hires-waiting-convention");

        from("direct:" + DECLARE).routeId(DECLARE)
                .process(endpoint.command(FLOW, "hire-declare", "pass:write", List.of(), api::declare));
        from("direct:" + FICHE_GET).routeId(FICHE_GET)
                .process(endpoint.query(FLOW, "pass:read", List.of("id"), api::get));
        from("direct:ops-fiches-salarie").routeId("ops-fiches-salarie")
                .process(endpoint.query("ops", "ops:read", List.of("status", "limit"), api::list));
        from("direct:ops-hires-waiting-convention").routeId("ops-hires-waiting-convention")
                .process(endpoint.query("ops", "ops:read", List.of("limit"), api::waitingConvention));

        from("kafka:iae.hires.v1?groupId=passerelle-hires&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer&breakOnFirstError=true")
                .routeId(MESSAGES)
                .errorHandler(DeadLetterRoute.channel(this))
                .process(this::declare);
    }

    private void declare(Exchange exchange) {
        String key = exchange.getMessage().getHeader(KafkaConstants.KEY, String.class);
        StoredAnswer answer = endpoint.message(exchange, FLOW, KAFKA_CLIENT, "pass:write", "hire-declare", api::declare);
        activity.answered(FLOW, answer.status(), null);
        if (answer.status() >= 400) {
            // the body names the rule and the field, never personal data (API.md errors)
            LOG.warn("hires: message {} refused ({}): {}", key, answer.status(), answer.body());
        } else {
            LOG.info("hires: message {} applied ({})", key, answer.status());
        }
    }
}
