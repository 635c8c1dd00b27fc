package fr.passerelle.iae.routes.asp;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

/**
 * When the {@code retrait/} folder may be read (PARTNERS §1.2: at the slots of {@code passerelle.asp.returns-cron}, UTC):
 * the consumer wakes up every {@code poll-ms} and this strategy lets the poll through only when a slot has passed since
 * the last poll, or when an operator asked for a run. The first poll after start is always let through.
 */
@Component("aspReturnsWindow")
public class AspReturnsWindow implements PollingConsumerPollStrategy {

    private final Clock clock;
    private final CronExpression cron;
    private Instant lastPoll;
    private boolean requested;

    public AspReturnsWindow(Clock clock, @Value("${passerelle.asp.returns-cron}") String cron) {
        this.clock = clock;
        this.cron = CronExpression.parse(cron);
    }

    /** The next poll runs whatever the schedule (ops API run). */
    synchronized void request() {
        requested = true;
    }

    @Override
    public synchronized boolean begin(Consumer consumer, Endpoint endpoint) {
        Instant now = clock.instant();
        boolean due = lastPoll == null || requested || isSlotBetween(lastPoll, now);
        if (due) {
            lastPoll = now;
            requested = false;
        }
        return due;
    }

    private boolean isSlotBetween(Instant from, Instant to) {
        LocalDateTime next = cron.next(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
        return next != null && !next.toInstant(ZoneOffset.UTC).isAfter(to);
    }

    @Override
    public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
    }

    @Override
    public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
        return false;   // a listing error: the next slot tries again
    }
}
