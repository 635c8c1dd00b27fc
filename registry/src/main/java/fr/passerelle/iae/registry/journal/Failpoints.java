package fr.passerelle.iae.registry.journal;

import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the fault suite's {@code SIGKILL} lands: with {@code passerelle.failpoint=<flow>:<step>[:<n>]}, the n-th time
 * (first by default) a unit of that flow reaches that step, the thread says so in the log and stops there for good,
 * so that the kill happens at that exact step. Steps of an inbound file ({@link ExchangeRun}): {@code received}
 * (journalled and claimed, nothing applied), {@code chunk} (a chunk committed), {@code closed} (the journal closed, the
 * file not yet moved); of an outbound one ({@code asp-upload}, {@code ft-pass-file}): {@code prepared} (its content
 * committed, not written), {@code written} (written, not yet said so). Off unless set.
 */
@Component
public class Failpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

    private final String point;
    private final int nth;
    private final AtomicInteger reached = new AtomicInteger();

    public Failpoints(@Value("${passerelle.failpoint:}") String failpoint) {
        String[] parts = failpoint.split(":");
        this.point = failpoint.isBlank() ? null : parts[0] + ":" + parts[1];
        this.nth = parts.length > 2 ? Integer.parseInt(parts[2]) : 1;
    }

    public void reach(String flow, String step) {
        if (point != null && point.equals(flow + ":" + step) && reached.incrementAndGet() == nth) {
            LOG.warn("FAILPOINT {}:{}:{} reached: this thread stops here until the process is killed", flow, step, nth);
            while (true) {
                LockSupport.park(this);
            }
        }
    }
}
