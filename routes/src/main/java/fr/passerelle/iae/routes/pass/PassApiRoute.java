package fr.passerelle.iae.routes.pass;

import java.util.List;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.api.ApiEndpoint;

/** The PASS endpoints of API.md on Spring Boot's HTTP server (flow {@code pass-api}). */
@Component
public class PassApiRoute extends RouteBuilder {

    static final String FLOW = FlowCatalogue.PASS_API.id();

    private final ApiEndpoint endpoint;
    private final PassApi api;

    public PassApiRoute(ApiEndpoint endpoint, PassApi api) {
        this.endpoint = endpoint;
        this.api = api;
    }

    @Override
    public void configure() {
        rest("/passes")
                .post().routeId("pass-api-issue").to("direct:pass-issue")
                .post("/search").routeId("pass-api-search").to("direct:pass-search")
                .get("/{number}").routeId("pass-api-get").to("direct:pass-get")
                .post("/{number}/suspensions").routeId("pass-api-suspend").to("direct:pass-suspend")
                .post("/{number}/suspensions/{id}/end").routeId("pass-api-suspension-end").to("direct:pass-suspension-end")
                .post("/{number}/prolongations").routeId("pass-api-prolong").to("direct:pass-prolong")
                .post("/{number}/cancellation").routeId("pass-api-cancel").to("direct:pass-cancel");

        from("direct:pass-issue").routeId("pass-issue")
                .process(endpoint.command(FLOW, "pass-issue", "pass:write", List.of(), api::issue));
        from("direct:pass-search").routeId("pass-search")
                .process(endpoint.search(FLOW, "pass:read", api::search));
        from("direct:pass-get").routeId("pass-get")
                .process(endpoint.query(FLOW, "pass:read", List.of("number"), api::get));
        from("direct:pass-suspend").routeId("pass-suspend")
                .process(endpoint.command(FLOW, "pass-suspend", "pass:write", List.of("number"), api::suspend));
        from("direct:pass-suspension-end").routeId("pass-suspension-end")
                .process(endpoint.command(FLOW, "pass-suspension-end", "pass:write", List.of("number", "id"), api::endSuspension));
        from("direct:pass-prolong").routeId("pass-prolong")
                .process(endpoint.command(FLOW, "pass-prolong", "pass:write", List.of("number"), api::prolong));
        from("direct:pass-cancel").routeId("pass-cancel")
                .process(endpoint.command(FLOW, "pass-cancel", "pass:write", List.of("number"), api::cancel));
    }
}
