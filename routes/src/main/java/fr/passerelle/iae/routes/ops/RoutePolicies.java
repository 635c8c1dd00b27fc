package fr.passerelle.iae.routes.ops;

import org.apache.camel.Exchange;
import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteConfigurationBuilder;
import org.springframework.beans.factory.ObjectProvider;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.FileQuarantine;

/**
 * What the flows' routes do with a fault, written once (Camel route configurations); a route takes one with
 * {@code .routeConfigurationId(...)}, and its fault is put on the flow whose {@link Flow#routeIds()} name it.
 */
@Component
public class RoutePolicies extends RouteConfigurationBuilder {

    /**
     * A drop-box consumer: a file left in place on purpose ({@link FileQuarantine.Postponed}) is no fault; any other
     * fails the flow and is not handled, so that the consumer leaves the file where it is for the next poll.
     */
    public static final String DROP_BOX = "drop-box";
    /** A timer: the fault fails the flow, is logged, and the next tick runs again. */
    public static final String TICK = "tick";

    private final FlowStates states;
    // the flows need the Camel context that needs this: looked up when a fault comes, not at start
    private final ObjectProvider<Flow> flows;

    public RoutePolicies(FlowStates states, ObjectProvider<Flow> flows) {
        this.states = states;
        this.flows = flows;
    }

    @Override
    public void configuration() {
        routeConfiguration(DROP_BOX)
                .onException(FileQuarantine.Postponed.class)
                    .handled(false).logExhausted(false).logStackTrace(false)
                    .log(LoggingLevel.DEBUG, "${routeId}: ${exception.message}")
                .end()
                .onException(Exception.class)
                    .handled(false).logStackTrace(true)
                    .process(this::failed)
                .end();
        routeConfiguration(TICK)
                .onException(Exception.class)
                    .handled(true)
                    .process(this::failed)
                    .log(LoggingLevel.WARN, "${routeId}: failed, run again at the next tick: ${exception.message}")
                .end();
    }

    private void failed(Exchange exchange) {
        String route = exchange.getFromRouteId();
        String flow = flows.orderedStream().filter(f -> f.routeIds().contains(route)).map(Flow::id).findFirst()
                .orElseThrow(() -> new IllegalStateException("route " + route + " belongs to no flow"));
        states.failure(flow, exchange.getProperty(Exchange.EXCEPTION_CAUGHT, Exception.class).toString());
    }
}
