package fr.passerelle.iae.routes.pass;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.ops.DeadLetterRoute;
import fr.passerelle.iae.routes.runtime.CorrelationIds;

/**
 * The issuance over Kafka (flow {@code pass-commands}): a request on {@code iae.pass.commands.v1}, keyed by its
 * idempotency key, gets on {@code iae.pass.replies.v1} the same body as the HTTP answer, with the HTTP status in
 * the {@code status} header and the request's {@code correlationId} header. A redelivered command replays the
 * stored answer, so consuming at least once has no second effect.
 */
@Component
public class PassCommandRoute extends RouteBuilder {

    static final String CLIENT = "kafka:iae.pass.commands.v1";
    static final String ROUTE = "pass-commands";
    private static final String FLOW = FlowCatalogue.PASS_COMMANDS.id();
    private static final Logger LOG = LoggerFactory.getLogger(PassCommandRoute.class);

    private final PassApi api;
    private final ApiEndpoint endpoint;
    private final FlowActivity activity;

    public PassCommandRoute(PassApi api, ApiEndpoint endpoint, FlowActivity activity) {
        this.activity = activity;
        this.api = api;
        this.endpoint = endpoint;
    }

    @Override
    public void configure() {
        errorHandler(DeadLetterRoute.channel(this));
        from("kafka:iae.pass.commands.v1?groupId=passerelle-pass-commands&autoOffsetReset=earliest"
                + "&valueDeserializer=org.apache.kafka.common.serialization.ByteArrayDeserializer"
                + "&breakOnFirstError=true")
                .routeId(ROUTE)
                .process(this::answer)
                .to("kafka:iae.pass.replies.v1?valueSerializer=org.apache.kafka.common.serialization.StringSerializer"
                        + "&enableIdempotence=true&requestRequiredAcks=all");
    }

    private void answer(Exchange exchange) {
        var in = exchange.getMessage();
        String key = in.getHeader(KafkaConstants.KEY, String.class);
        String correlationId = CorrelationIds.of(exchange);
        StoredAnswer answer = endpoint.message(exchange, FLOW, CLIENT, "pass:write", "pass-issue", api::issue);
        activity.answered(FLOW, answer.status(), null);
        // one line per command, so that its correlation id leads to the outcome in the logs
        LOG.info("Kafka command {} answered with status {}", key, answer.status());
        in.removeHeaders("*");
        in.setHeader(KafkaConstants.KEY, key);
        in.setHeader("status", String.valueOf(answer.status()));
        in.setHeader(CorrelationIds.HEADER, correlationId);
        in.setBody(answer.body());
    }
}
