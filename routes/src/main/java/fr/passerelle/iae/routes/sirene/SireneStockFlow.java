package fr.passerelle.iae.routes.sirene;

import java.time.Duration;
import java.util.List;
import java.util.concurrent.ScheduledExecutorService;

import org.apache.camel.CamelContext;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.ops.ScheduledFlow;
import fr.passerelle.iae.routes.ops.PollNow;

/**
 * The {@code sirene-stock} flow as operations see it. A run on demand polls the drop box at once on the consumer's
 * own poller thread, so it never runs beside a scheduled poll.
 */
@Component
class SireneStockFlow implements ScheduledFlow {

    private final CamelContext camel;
    private final ScheduledExecutorService poller;
    private final SireneStockIntake intake;

    SireneStockFlow(@Lazy CamelContext camel, @Qualifier("sirenePoller") ScheduledExecutorService poller, SireneStockIntake intake) {
        this.camel = camel;
        this.poller = poller;
        this.intake = intake;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.SIRENE_STOCK;
    }

    @Override
    public List<String> routeIds() {
        return List.of(SireneStockRoute.ROUTE);
    }


    @Override
    public FlowRun runNow() {
        return PollNow.poll(camel, SireneStockRoute.ROUTE, poller, Duration.ofHours(2), intake::totals, () -> { });
    }
}
