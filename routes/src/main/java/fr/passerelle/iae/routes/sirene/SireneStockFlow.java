package fr.passerelle.iae.routes.sirene;

import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ScheduledPollConsumer;
import org.springframework.beans.factory.annotation.Qualifier;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.sirene.SireneStockImport;
import fr.passerelle.iae.routes.ops.Flow;

/**
 * The {@code sirene-stock} flow as operations see it. A run on demand polls the drop box at once on the consumer's
 * own poller thread, so it never runs beside a scheduled poll.
 */
@Component
class SireneStockFlow implements Flow {

    private final CamelContext camel;
    private final ScheduledExecutorService poller;
    private final SireneStockIntake intake;

    SireneStockFlow(@Lazy CamelContext camel, @Qualifier("sirenePoller") ScheduledExecutorService poller, SireneStockIntake intake) {
        this.camel = camel;
        this.poller = poller;
        this.intake = intake;
    }

    @Override
    public String id() {
        return SireneStockImport.FLOW;
    }

    @Override
    public String label() {
        return "Stock SIRENE mensuel (INSEE → registre des employeurs)";
    }

    @Override
    public List<String> routeIds() {
        return List.of(SireneStockRoute.ROUTE);
    }

    @Override
    public boolean runnable() {
        return true;
    }

    @Override
    public FlowRun runNow() {
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute(SireneStockRoute.ROUTE).getConsumer();
        SireneStockIntake.Totals before = intake.totals();
        try {
            poller.submit(consumer::run).get(2, TimeUnit.HOURS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling the sirene drop box", e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("polling the sirene drop box failed", e);
        }
        SireneStockIntake.Totals after = intake.totals();
        return new FlowRun(after.processed() - before.processed(), after.rejected() - before.rejected());
    }
}
