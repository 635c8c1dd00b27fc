package fr.passerelle.iae.routes.ops;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.routes.api.ApiEndpoint;

/** Operations API and the OpenAPI document. */
@Component
public class OpsApiRoute extends RouteBuilder {

    private final ApiEndpoint endpoint;
    private final OpsApi ops;
    private final FlowActivity activity;
    private final ObjectMapper json;

    public OpsApiRoute(ApiEndpoint endpoint, OpsApi ops, FlowActivity activity, ObjectMapper json) {
        this.endpoint = endpoint;
        this.ops = ops;
        this.activity = activity;
        this.json = json;
    }

    @Override
    public void configure() throws IOException {
        String openApi = openApiDocument();

        rest("/")
                .get("/openapi.json").routeId("openapi-document").to("direct:openapi")
                .get("/ops/flows").routeId("ops-api-flows").to("direct:ops-flows")
                .post("/ops/flows/{flow}/run").routeId("ops-api-run").to("direct:ops-run")
                .get("/ops/runs/{runId}").routeId("ops-api-run-state").to("direct:ops-run-state")
                .get("/ops/exchanges").routeId("ops-api-exchanges").to("direct:ops-exchanges")
                .get("/ops/dead-letters").routeId("ops-api-dead-letters").to("direct:ops-dead-letters")
                .post("/ops/dead-letters/{id}/replay").routeId("ops-api-dead-letter-replay").to("direct:ops-dead-letter-replay")
                .post("/ops/dead-letters/{id}/discard").routeId("ops-api-dead-letter-discard").to("direct:ops-dead-letter-discard");

        from("timer:flow-activity?period={{passerelle.ops.activity-flush-ms:10000}}").routeId("flow-activity-flush")
                .process(e -> activity.flush());
        from("direct:openapi").routeId("openapi")
                .removeHeaders("*")
                .setHeader(Exchange.CONTENT_TYPE, constant("application/json; charset=utf-8"))
                .setBody(constant(openApi));
        from("direct:ops-flows").routeId("ops-flows")
                .process(endpoint.query("ops", "ops:read", List.of(), ops::flows));
        from("direct:ops-exchanges").routeId("ops-exchanges")
                .process(endpoint.query("ops", "ops:read", List.of("partner", "direction", "limit"), ops::exchanges));
        from("direct:ops-dead-letters").routeId("ops-dead-letters")
                .process(endpoint.query("ops", "ops:read", List.of("status", "limit"), ops::deadLetters));
        from("direct:ops-dead-letter-replay").routeId("ops-dead-letter-replay")
                .process(endpoint.command("ops", "ops-dead-letter-replay", "ops:write", List.of("id"), ops::replay));
        from("direct:ops-dead-letter-discard").routeId("ops-dead-letter-discard")
                .process(endpoint.command("ops", "ops-dead-letter-discard", "ops:write", List.of("id"), ops::discard));
        from("direct:ops-run").routeId("ops-run")
                .process(endpoint.command("ops", "ops-run", "ops:write", List.of("flow"), ops::run))
                .process(this::location);
        from("direct:ops-run-state").routeId("ops-run-state")
                .process(endpoint.query("ops", "ops:read", List.of("runId"), ops::runState));
    }

    /** {@code Location} of an accepted run, from its answer: a replayed answer (same idempotency key) gets it too. */
    private void location(Exchange exchange) throws IOException {
        Message answer = exchange.getMessage();
        if (answer.getHeader(Exchange.HTTP_RESPONSE_CODE, 0, Integer.class) == 202) {
            answer.setHeader("Location", "/api/v1/ops/runs/" + json.readTree(answer.getBody(String.class)).path("runId").asText());
        }
    }

    private static String openApiDocument() throws IOException {
        try (InputStream in = OpsApiRoute.class.getResourceAsStream("/openapi/passerelle-iae.json")) {
            if (in == null) {
                throw new IllegalStateException("openapi/passerelle-iae.json missing from the schemas module");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
    }
}
