package fr.passerelle.iae.routes.events;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.ops.RoutePolicies;

/** Flow {@code event-relay}: publishes the outbox to Kafka every few hundred milliseconds. */
@Component
public class OutboxRelayRoute extends RouteBuilder {

    private final OutboxRelay relay;
    private final FlowStates flows;

    public OutboxRelayRoute(OutboxRelay relay, FlowStates flows) {
        this.relay = relay;
        this.flows = flows;
    }

    @Override
    public void configure() {
        from("timer:event-relay?period={{passerelle.relay.period-ms}}&delay=1000")
                .routeId(EventRelayFlow.ID).routeConfigurationId(RoutePolicies.TICK)
                .process(e -> {
                    int sent = relay.drain();
                    if (sent > 0) {
                        flows.success(EventRelayFlow.ID, sent, 0);
                    }
                });
    }
}
