package fr.passerelle.iae.routes.conventions;

import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.registry.employer.ConventionImport;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code conventions}: polls the {@code conventions/} drop box of the SFTP server for ASP fluxIAE deliveries
 * (the embedded default's SFTP root is {@code var/sftp}, so a file copied there is taken too), and serves the
 * employer registry ({@code GET /employers/{siret}}) and the reject reports ({@code GET /ops/exchanges/{id}/rejects}).
 */
@Component
public class ConventionsRoute extends RouteBuilder {

    static final String ROUTE = "conventions";

    private final ConventionsIntake intake;
    private final EmployerApi employers;
    private final ApiEndpoint endpoint;
    private final FileQuarantine quarantine;

    public ConventionsRoute(ConventionsIntake intake, EmployerApi employers, ApiEndpoint endpoint,
                            FileQuarantine quarantine) {
        this.intake = intake;
        this.employers = employers;
        this.endpoint = endpoint;
        this.quarantine = quarantine;
    }

    /** The drop box with its connection and the options every use shares. */
    static DropBox.Inbound dropBox() {
        return DropBox.inbound("conventions").sessionPerPoll()
                .readLock("{{passerelle.conventions.read-lock-min-age-ms}}").workDir("{{passerelle.conventions.work-dir}}");
    }

    @Override
    public void configure() {
        // Processed files move to done/, those failed on again and again to quarantine/ (FILE-03); a Structure file
        // waiting for its annex file, or a delivery another node imports, is postponed (no move, taken again next
        // poll); a fault of the hub (database down…) leaves the files in the drop box for the next poll
        from(dropBox().include("fluxIAE_(Structure_[0-9]{8}_[0-9]{6}\\.csv(\\.gz)?|.+\\.(zip|tar\\.gz))")
                .moveAsQuarantineSays().inNameOrder().pollEvery("{{passerelle.conventions.poll-delay-ms}}")
                .poller("conventionsPoller").uri())
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.DROP_BOX)
                .process(e -> quarantine.guard(e, ConventionImport.FLOW, ConventionImport.PARTNER,
                        "done/" + e.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class), () -> intake.receive(e)));

        rest("/employers")
                .get("/{siret}").routeId("employers-api-get").to("direct:employers-get");
        rest("/ops/exchanges")
                .get("/{id}/rejects").routeId("ops-api-rejects").to("direct:ops-rejects");

        from("direct:employers-get").routeId("employers-get")
                .process(endpoint.query(EmployerApi.FLOW, "pass:read", List.of("siret"), employers::get));
        from("direct:ops-rejects").routeId("ops-rejects")
                .process(endpoint.query("ops", "ops:read", List.of("id"), employers::rejects))
                .filter(header(Exchange.HTTP_RESPONSE_CODE).isEqualTo(200))
                .setHeader(Exchange.CONTENT_TYPE, constant("text/csv; charset=utf-8"));
    }
}
