package fr.passerelle.iae.routes.conventions;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.ops.ScheduledFlow;
import fr.passerelle.iae.routes.ops.PollNow;

/**
 * The {@code conventions} flow as operations see it. A run on demand polls the drop box at once on the route
 * consumer's own poller thread, so it never runs beside a scheduled poll (an SFTP consumer is not thread-safe).
 */
@Component
class ConventionsFlow implements ScheduledFlow {

    private final CamelContext camel;
    private final ScheduledExecutorService poller;
    private final ConventionsIntake intake;

    ConventionsFlow(CamelContext camel, @Qualifier("conventionsPoller") ScheduledExecutorService poller, ConventionsIntake intake) {
        this.camel = camel;
        this.poller = poller;
        this.intake = intake;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.CONVENTIONS;
    }

    @Override
    public List<String> routeIds() {
        return List.of(ConventionsRoute.ROUTE);
    }


    @Override
    public FlowRun runNow() {
        return PollNow.poll(camel, ConventionsRoute.ROUTE, poller, Duration.ofMinutes(30), intake::totals, () -> { });
    }
}
