package fr.passerelle.iae.routes.sirene;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.sirene.SireneStockImport;
import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code sirene-stock}: polls the {@code sirene/} drop box for the monthly stock files (PARTNERS §4.1), zipped
 * or not, and reconciles them with the employer registry; serves the successions left to a person
 * ({@code GET /api/v1/ops/sirene/reviews}).
 */
@Component
public class SireneStockRoute extends RouteBuilder {

    static final String ROUTE = "sirene-stock";

    private final SireneStockIntake intake;
    private final SireneReviewApi reviews;
    private final ApiEndpoint endpoint;
    private final FileQuarantine quarantine;

    public SireneStockRoute(SireneStockIntake intake, SireneReviewApi reviews, ApiEndpoint endpoint,
                            FileQuarantine quarantine) {
        this.quarantine = quarantine;
        this.intake = intake;
        this.reviews = reviews;
        this.endpoint = endpoint;
    }

    @Override
    public void configure() {
        // a file another node is importing is postponed; after a fault of the hub (database down…) the file stays in
        // the drop box, taken again (and resumed) next poll
        // LiensSuccession sorts before StockEtablissement_: the links are known when closures look for a successor.
        // Other stock files (StockEtablissementHistorique, StockUniteLegale…) are left in the drop box.
        // Files are downloaded to a local work folder: 2.9 GB never sit in memory, and the ZIP is streamed from disk.
        from(DropBox.inbound("sirene").sessionPerPoll()
                .include("StockEtablissement(LiensSuccession)?(_[A-Za-z0-9_-]*)?\\.(zip|csv)")
                .inNameOrder().moveAsQuarantineSays().readLock("{{passerelle.sirene.stock.read-lock-min-age-ms}}")
                .workDir("{{passerelle.sirene.stock.work-dir}}").pollEvery("{{passerelle.sirene.stock.poll-delay-ms}}")
                .poller("sirenePoller").uri())
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.DROP_BOX)
                .process(e -> quarantine.guard(e, SireneStockImport.FLOW, SireneStockImport.PARTNER,
                        "done/" + e.getMessage().getHeader(Exchange.FILE_NAME_ONLY), () -> intake.receive(e)));

        rest("/ops/sirene")
                .get("/reviews").routeId("ops-api-sirene-reviews").to("direct:ops-sirene-reviews");
        from("direct:ops-sirene-reviews").routeId("ops-sirene-reviews")
                .process(endpoint.query("ops", "ops:read", List.of("limit"), reviews::list));
    }
}
