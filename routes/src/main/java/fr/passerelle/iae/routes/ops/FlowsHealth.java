package fr.passerelle.iae.routes.ops;

import java.util.Map;
import java.util.stream.Collectors;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates;

/**
 * Readiness contributor {@code flows}: DOWN when a flow has failed {@code passerelle.ops.down-after-failures} times
 * in a row (shared by every node through the registry), so that a load balancer or an orchestrator stops sending
 * work to a hub whose partner exchanges are broken, and ops see which flow it is.
 */
@Component("flows")
public class FlowsHealth implements HealthIndicator {

    private final FlowStates states;
    private final int threshold;

    public FlowsHealth(FlowStates states, @Value("${passerelle.ops.down-after-failures:5}") int threshold) {
        this.states = states;
        this.threshold = threshold;
    }

    @Override
    public Health health() {
        Map<String, String> failing = states.all().values().stream()
                .filter(s -> s.consecutiveFailures() >= threshold)
                .collect(Collectors.toMap(FlowStates.FlowState::flow,
                        s -> s.consecutiveFailures() + " échecs de suite ; dernier : " + s.lastError()));
        Health.Builder health = failing.isEmpty() ? Health.up() : Health.down();
        return health.withDetail("threshold", threshold).withDetails(failing).build();
    }
}
