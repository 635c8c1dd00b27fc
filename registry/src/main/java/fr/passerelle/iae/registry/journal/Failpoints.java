package fr.passerelle.iae.registry.journal;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Where the fault suite's {@code SIGKILL} lands: with {@code passerelle.failpoint=<flow>:<step>[:<n>]}, the n-th time
 * (first by default) a unit of that flow reaches that step, the thread says so in the log
 * ({@code FAILPOINT <flow>:<step>:<n> reached}) and stops there for good, so that the kill happens at that exact step.
 * Steps of an inbound file ({@link ExchangeRun}): {@code received} (journalled and claimed, nothing applied),
 * {@code chunk} (a chunk committed), {@code closed} (the journal closed, the file not yet moved); of an outbound one
 * ({@code asp-upload}, {@code ft-pass-file}): {@code prepared} (its content committed, not written), {@code written}
 * (written, not yet said so). Several points, comma-separated ({@code conventions:chunk:2,sirene-stock:closed}), each
 * counted apart: one kill then lands while every flow named waits at its own step. Off unless set.
 */
@Component
public class Failpoints {

    private static final Logger LOG = LoggerFactory.getLogger(Failpoints.class);

    /** {@code flow:step} → n. */
    private final Map<String, Integer> points = new LinkedHashMap<>();
    private final Map<String, AtomicInteger> reached = new ConcurrentHashMap<>();

    public Failpoints(@Value("${passerelle.failpoint:}") String failpoint) {
        for (String point : failpoint.split(",")) {
            if (point.isBlank()) {
                continue;
            }
            String[] parts = point.strip().split(":");
            if (parts.length < 2 || parts.length > 3) {
                throw new IllegalArgumentException("a failpoint is <flow>:<step>[:<n>], not: " + point.strip());
            }
            points.put(parts[0] + ":" + parts[1], parts.length > 2 ? Integer.parseInt(parts[2]) : 1);
            reached.put(parts[0] + ":" + parts[1], new AtomicInteger());
        }
    }

    public void reach(String flow, String step) {
        if (points.isEmpty()) {
            return;
        }
        String point = flow + ":" + step;
        Integer nth = points.get(point);
        if (nth != null && reached.get(point).incrementAndGet() == nth) {
            LOG.warn("FAILPOINT {}:{} reached: this thread stops here until the process is killed", point, nth);
            while (true) {
                LockSupport.park(this);
            }
        }
    }
}
