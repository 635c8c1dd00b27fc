package fr.passerelle.iae.routes.francetravail;

import java.util.List;

import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.connectors.francetravail.FranceTravailClient;
import fr.passerelle.iae.registry.francetravail.NotificationQueue;
import fr.passerelle.iae.routes.ops.ScheduledFlow;
import fr.passerelle.iae.routes.ops.Leadership;

@Component
public class FtNotificationsFlow implements ScheduledFlow {

    private final NotificationQueue queue;
    private final NotificationDispatcher dispatcher;
    private final FranceTravailClient client;
    private final org.apache.camel.CamelContext camel;

    public FtNotificationsFlow(NotificationQueue queue, NotificationDispatcher dispatcher, FranceTravailClient client,
                               @Lazy org.apache.camel.CamelContext camel) {
        this.queue = queue;
        this.dispatcher = dispatcher;
        this.client = client;
        this.camel = camel;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.FT_NOTIFICATIONS;
    }

    @Override
    public List<String> routeIds() {
        return List.of(FtNotificationsRoute.EVENTS_ROUTE, FtNotificationsRoute.DISPATCH_ROUTE);
    }

    /** PASS waiting for their notification (PENDING, READY, SHOULD_RETRY). */
    @Override
    public long backlog() {
        return queue.waiting();
    }

    @Override
    public String circuitBreaker() {
        return client.circuitState();
    }


    @Override
    public FlowRun runNow() {
        NotificationDispatcher.Cycle cycle = dispatcher.cycle(() -> FtNotificationsRoute.dispatching(camel))
                .orElseThrow(() -> Leadership.busy(NotificationDispatcher.FLOW));
        return new FlowRun(cycle.installed(), cycle.refused());
    }
}
