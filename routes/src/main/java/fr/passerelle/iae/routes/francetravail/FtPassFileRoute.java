package fr.passerelle.iae.routes.francetravail;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.routes.ops.RoutePolicies;

/** Flow {@code ft-pass-file}: checks every few minutes whether today's shared PASS file is due (robust to restarts). */
@Component
public class FtPassFileRoute extends RouteBuilder {

    static final String ROUTE = "ft-pass-file";

    private final PassFileWriter writer;

    public FtPassFileRoute(PassFileWriter writer) {
        this.writer = writer;
    }

    @Override
    public void configure() {
        from("timer:ft-pass-file?period={{passerelle.francetravail.pass-file.check-ms}}&delay=30000")
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.TICK)
                .process(e -> writer.writeIfDue());
    }
}
