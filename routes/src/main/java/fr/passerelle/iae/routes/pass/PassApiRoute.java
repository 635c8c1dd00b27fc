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
    private static final String ISSUE = "pass-issue";
    private static final String SEARCH = "pass-search";
    private static final String GET = "pass-get";
    private static final String SUSPEND = "pass-suspend";
    private static final String SUSPENSION_END = "pass-suspension-end";
    private static final String PROLONG = "pass-prolong";
    private static final String CANCEL = "pass-cancel";
    /** The routes that carry the API, one per operation: the flow's routes ({@link PassFlows}). */
    static final List<String> ROUTE_IDS = List.of(ISSUE, SEARCH, GET, SUSPEND, SUSPENSION_END, PROLONG, CANCEL);

    private final ApiEndpoint endpoint;
    private final PassApi api;

    public PassApiRoute(ApiEndpoint endpoint, PassApi api) {
        this.endpoint = endpoint;
        this.api = api;
    }

    @Override
    public void configure() {
        rest("/passes")
                .post().routeId("pass-api-issue").to("direct:" + ISSUE)
                .post("/search").routeId("pass-api-search").to("direct:" + SEARCH)
                .get("/{number}").routeId("pass-api-get").to("direct:" + GET)
                .post("/{number}/suspensions").routeId("pass-api-suspend").to("direct:" + SUSPEND)
                .post("/{number}/suspensions/{id}/end").routeId("pass-api-suspension-end").to("direct:" + SUSPENSION_END)
                .post("/{number}/prolongations").routeId("pass-api-prolong").to("direct:" + PROLONG)
                .post("/{number}/cancellation").routeId("pass-api-cancel").to("direct:" + CANCEL);

        from("direct:" + ISSUE).routeId(ISSUE)
                .process(endpoint.command(FLOW, "pass-issue", "pass:write", List.of(), api::issue));
        from("direct:" + SEARCH).routeId(SEARCH)
                .process(endpoint.search(FLOW, "pass:read", api::search));
        from("direct:" + GET).routeId(GET)
                .process(endpoint.query(FLOW, "pass:read", List.of("number"), api::get));
        from("direct:" + SUSPEND).routeId(SUSPEND)
                .process(endpoint.command(FLOW, "pass-suspend", "pass:write", List.of("number"), api::suspend));
        from("direct:" + SUSPENSION_END).routeId(SUSPENSION_END)
                .process(endpoint.command(FLOW, "pass-suspension-end", "pass:write", List.of("number", "id"), api::endSuspension));
        from("direct:" + PROLONG).routeId(PROLONG)
                .process(endpoint.command(FLOW, "pass-prolong", "pass:write", List.of("number"), api::prolong));
        from("direct:" + CANCEL).routeId(CANCEL)
                .process(endpoint.command(FLOW, "pass-cancel", "pass:write", List.of("number"), api::cancel));
    }
}
