package fr.passerelle.iae.routes.ops;

import java.time.Duration;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.function.Supplier;

import org.apache.camel.CamelContext;
import org.apache.camel.support.ScheduledPollConsumer;

/**
 * "Run now" of a drop-box flow: one poll of its route's consumer, on the consumer's own poller thread so that it never
 * runs beside a scheduled poll (an SFTP consumer is not thread-safe), and what that poll processed and rejected.
 */
public final class PollNow {

    private PollNow() {
    }

    /**
     * @param totals     the intake's running totals
     * @param beforePoll run on the poller thread just before the poll (a poll strategy told to let this one through)
     */
    public static Flow.FlowRun poll(CamelContext camel, String routeId, ScheduledExecutorService poller, Duration atMost,
                                    Supplier<Flow.FlowRun> totals, Runnable beforePoll) {
        ScheduledPollConsumer consumer = (ScheduledPollConsumer) camel.getRoute(routeId).getConsumer();
        Flow.FlowRun before = totals.get();
        try {
            poller.submit(() -> {
                beforePoll.run();
                consumer.run();
            }).get(atMost.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while polling for " + routeId, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new IllegalStateException("polling for " + routeId + " failed", e);
        }
        Flow.FlowRun after = totals.get();
        return new Flow.FlowRun(after.processed() - before.processed(), after.rejected() - before.rejected());
    }
}
