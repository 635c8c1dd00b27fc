package fr.passerelle.iae.routes.ops;

import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.function.ToDoubleFunction;
import java.util.stream.Collectors;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * Prometheus metrics per flow ({@code passerelle_flow_*{flow="…"}}) and the lag of the outbox relay. Flow figures come from one snapshot of the ops view, taken at most every few seconds, so a
 * scrape costs a handful of queries whatever the number of flows.
 */
@Component
public class FlowMetrics {

    private static final long SNAPSHOT_NANOS = Duration.ofSeconds(5).toNanos();

    private final MeterRegistry registry;
    private final OpsApi ops;
    private final JdbcClient jdbc;
    private volatile Map<String, OpsApi.FlowView> snapshot = Map.of();
    private volatile long snapshotAt;

    public FlowMetrics(MeterRegistry registry, OpsApi ops, JdbcClient jdbc, List<Flow> flows) {
        this.registry = registry;
        this.ops = ops;
        this.jdbc = jdbc;
        for (Flow flow : flows) {
            String id = flow.id();
            counter("passerelle.flow.processed", id, "Records applied by the flow", v -> v.processed());
            counter("passerelle.flow.rejected", id, "Records rejected by the flow, with their reason", v -> v.rejected());
            gauge("passerelle.flow.backlog", id, "Units waiting to be processed", v -> v.backlog());
            gauge("passerelle.flow.dead_letters", id, "Dead letters waiting for replay or discard", v -> v.deadLetters());
            gauge("passerelle.flow.up", id, "1 UP, 0.5 DEGRADED, 0 DOWN",
                    v -> switch (v.state()) { case "UP" -> 1.0; case "DEGRADED" -> 0.5; default -> 0.0; });
            gauge("passerelle.flow.alert", id, "1 when the flow failed too many times in a row (its partner, most often)",
                    v -> v.alert() == null ? 0.0 : 1.0);
        }
        Gauge.builder("passerelle.outbox.lag", this, FlowMetrics::outboxLagSeconds).baseUnit("seconds")
                .description("Age of the oldest event not yet published by the relay").register(registry);
        Gauge.builder("passerelle.outbox.pending", this, FlowMetrics::outboxPending)
                .description("Events waiting for the relay").register(registry);
    }

    private void counter(String name, String flow, String description, ToDoubleFunction<OpsApi.FlowView> value) {
        FunctionCounter.builder(name, this, m -> m.value(flow, value)).tag("flow", flow).description(description)
                .register(registry);
    }

    private void gauge(String name, String flow, String description, ToDoubleFunction<OpsApi.FlowView> value) {
        Gauge.builder(name, this, m -> m.value(flow, value)).tag("flow", flow).description(description).register(registry);
    }

    private double value(String flow, ToDoubleFunction<OpsApi.FlowView> value) {
        OpsApi.FlowView view = views().get(flow);
        return view == null ? Double.NaN : value.applyAsDouble(view);
    }

    private Map<String, OpsApi.FlowView> views() {
        if (System.nanoTime() - snapshotAt > SNAPSHOT_NANOS) {
            try {
                snapshot = ops.views().stream().collect(Collectors.toMap(OpsApi.FlowView::flow, Function.identity()));
            } catch (RuntimeException e) {
                // registry unreachable: the previous figures are better than a failed scrape
            }
            snapshotAt = System.nanoTime();
        }
        return snapshot;
    }

    private double outboxLagSeconds() {
        Double lag = jdbc.sql("SELECT extract(epoch FROM now() - min(created_at)) FROM outbox WHERE published_at IS NULL")
                .query(Double.class).optional().orElse(null);
        return lag == null ? 0 : lag;
    }

    private double outboxPending() {
        return jdbc.sql("SELECT count(*) FROM outbox WHERE published_at IS NULL").query(Long.class).single();
    }
}
