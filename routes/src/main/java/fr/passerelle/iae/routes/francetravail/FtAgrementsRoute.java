package fr.passerelle.iae.routes.francetravail;

import java.io.File;
import java.time.Clock;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.francetravail.AgrementLinking;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code ft-agrements}: legacy agrément files dropped by France Travail in {@code francetravail/agrements/}
 * (CSV, or the XLSX they were delivered as). A loaded file moves to {@code .done/}; a file whose load failed stays
 * where it is and is tried again at the next poll, resuming after its last applied chunk. A second route retries
 * linking the agréments still waiting for their person (LEG-06): a safety net, since a hire links its person's
 * agréments itself (LEG-07). Serves the agréments overtaken by another PASS ({@code GET /api/v1/ops/agrements/overlaps}).
 */
@Component
public class FtAgrementsRoute extends RouteBuilder {

    static final String ROUTE = "ft-agrements";
    static final String RELINK_ROUTE = "ft-agrements-relink";
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final AgrementFiles files;
    private final AgrementLinking linking;
    private final FlowStates flows;
    private final AgrementOverlapsApi overlaps;
    private final ApiEndpoint endpoint;
    private final FileQuarantine quarantine;
    private final Clock clock;

    public FtAgrementsRoute(AgrementFiles files, AgrementLinking linking, FlowStates flows, AgrementOverlapsApi overlaps,
                            ApiEndpoint endpoint, FileQuarantine quarantine, Clock clock) {
        this.quarantine = quarantine;
        this.clock = clock;
        this.files = files;
        this.linking = linking;
        this.flows = flows;
        this.overlaps = overlaps;
        this.endpoint = endpoint;
    }

    @Override
    public void configure() {
        // one SFTP consumer (not thread-safe), one file per poll; the journal's SHA-256 makes a re-delivery harmless
        from(DropBox.inbound("francetravail/agrements").include("(?i)agrements_ft_.*\\.(csv|xlsx)")
                .readLock("1000", 1000, 30000).moveAsQuarantineSays()
                .workDir("{{passerelle.francetravail.agrements.work-dir}}")
                .pollEvery("{{passerelle.francetravail.agrements.poll-ms}}")
                .with("maxMessagesPerPoll=1&throwExceptionOnConnectFailed=true").uri())
                // a file another node is loading is postponed: it stays for the next poll, which finds it done
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.DROP_BOX)
                .process(e -> quarantine.guard(e, AgrementFiles.FLOW, AgrementFiles.PARTNER,
                        ".done/" + LocalDateTime.now(clock).format(STAMP) + "-" + e.getMessage().getHeader(Exchange.FILE_NAME_ONLY),
                        () -> {
                            if (files.load(e.getMessage().getBody(File.class).toPath(),
                                    e.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)).isEmpty()) {
                                FileQuarantine.alreadyProcessed(e);
                            }
                        }));

        from("timer:ft-agrements-relink?period={{passerelle.francetravail.agrements.relink-period-ms}}&delay=60000")
                .routeId(RELINK_ROUTE).routeConfigurationId(RoutePolicies.TICK)
                .process(e -> {
                    long linked = linking.relink();
                    if (linked > 0) {
                        flows.success(AgrementFiles.FLOW, linked, 0);
                    }
                });

        rest("/ops/agrements")
                .get("/overlaps").routeId("ops-api-agrements-overlaps").to("direct:ops-agrements-overlaps");
        from("direct:ops-agrements-overlaps").routeId("ops-agrements-overlaps")
                .process(endpoint.query("ops", "ops:read", List.of("limit"), overlaps::list));
    }

}
