package fr.passerelle.iae.routes.events;

import java.util.List;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.outbox.OutboxReader;
import fr.passerelle.iae.routes.ops.ScheduledFlow;

@Component
public class EventRelayFlow implements ScheduledFlow {

    public static final String ID = FlowCatalogue.EVENT_RELAY.id();

    private final OutboxReader outbox;
    private final OutboxRelay relay;
    private final FlowStates flows;

    public EventRelayFlow(OutboxReader outbox, OutboxRelay relay, FlowStates flows) {
        this.outbox = outbox;
        this.relay = relay;
        this.flows = flows;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.EVENT_RELAY;
    }

    @Override
    public List<String> routeIds() {
        return List.of(ID);
    }

    @Override
    public long backlog() {
        return outbox.backlog();
    }


    @Override
    public FlowRun runNow() {
        int sent = relay.drain();
        flows.success(ID, sent, 0);
        return new FlowRun(sent, 0);
    }
}
