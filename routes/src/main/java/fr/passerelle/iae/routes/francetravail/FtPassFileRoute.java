package fr.passerelle.iae.routes.francetravail;

import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates;

/** Flow {@code ft-pass-file}: checks every few minutes whether today's shared PASS file is due (robust to restarts). */
@Component
public class FtPassFileRoute extends RouteBuilder {

    static final String ROUTE = "ft-pass-file";

    private final PassFileWriter writer;
    private final FlowStates flows;

    public FtPassFileRoute(PassFileWriter writer, FlowStates flows) {
        this.writer = writer;
        this.flows = flows;
    }

    @Override
    public void configure() {
        from("timer:ft-pass-file?period={{passerelle.francetravail.pass-file.check-ms}}&delay=30000")
                .routeId(ROUTE)
                .onException(Exception.class)
                    .handled(true)
                    .process(e -> flows.failure(PassFileWriter.FLOW,
                            e.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).toString()))
                .end()
                .process(e -> writer.writeIfDue());
    }
}
