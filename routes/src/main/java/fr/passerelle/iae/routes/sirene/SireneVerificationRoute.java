package fr.passerelle.iae.routes.sirene;

import org.apache.camel.CamelContext;
import org.apache.camel.Route;
import org.apache.camel.StatefulService;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.routes.ops.RoutePolicies;

/**
 * Flow {@code sirene-verification}: a timer takes a turn of the SIRET verification queue at every tick; the queue
 * lives in PostgreSQL, so a restart resumes it and every node shares its pace.
 */
@Component
public class SireneVerificationRoute extends RouteBuilder {

    static final String ROUTE = "sirene-verification";

    private final SiretVerifier verifier;

    public SireneVerificationRoute(SiretVerifier verifier) {
        this.verifier = verifier;
    }

    @Override
    public void configure() {
        from("timer:sirene-verification?period={{passerelle.sirene.verification.tick-ms}}&delay=1000")
                .routeId(ROUTE).routeConfigurationId(RoutePolicies.TICK)
                .process(e -> verifier.turn(() -> running(getContext())));
    }

    /** False once the route or the hub is stopping. */
    static boolean running(CamelContext camel) {
        Route route = camel.getRoute(ROUTE);
        return !camel.isStopping() && route != null && route.getConsumer() instanceof StatefulService consumer
                && consumer.isStarted();
    }
}
