package fr.passerelle.iae.routes.ops;

import java.util.Map;
import java.util.TreeMap;

import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates;

/**
 * Health contributor {@code flows}: UP with an alert naming the flows that failed too many times in a row. Always UP,
 * and not in the readiness group: a partner's outage degrades its flow, and must not make a load balancer or an
 * orchestrator drop the hub (the PASS API serves without INSEE or France Travail).
 */
@Component("flows")
public class FlowsHealth implements HealthIndicator {

    private final FlowStates states;
    private final FlowAlerts alerts;

    public FlowsHealth(FlowStates states, FlowAlerts alerts) {
        this.states = states;
        this.alerts = alerts;
    }

    @Override
    public Health health() {
        Map<String, String> degraded = new TreeMap<>();
        states.all().values().forEach(state -> alerts.of(state).ifPresent(alert -> degraded.put(state.flow(), alert)));
        Health.Builder health = Health.up().withDetail("threshold", alerts.threshold());
        if (!degraded.isEmpty()) {
            health.withDetail("alert", "Flux dégradés : " + String.join(", ", degraded.keySet())
                    + ". La passerelle reste prête ; voir GET /api/v1/ops/flows.").withDetail("degraded", degraded);
        }
        return health.build();
    }
}
