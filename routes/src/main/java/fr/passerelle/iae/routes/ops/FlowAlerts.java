package fr.passerelle.iae.routes.ops;

import java.util.Optional;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowStates.FlowState;

/**
 * The alert on a flow that failed {@code passerelle.ops.alert-after-failures} times in a row (counted by every node
 * through the registry): most often its partner is unreachable or refuses it. The flow is DEGRADED, not the hub: an
 * alert is for operators (ops view, dashboard, health contributor {@code flows}, {@code passerelle_flow_alert}), never
 * a reason for a load balancer to drop the node.
 */
@Component
public class FlowAlerts {

    private final int threshold;

    public FlowAlerts(@Value("${passerelle.ops.alert-after-failures:5}") int threshold) {
        this.threshold = threshold;
    }

    public int threshold() {
        return threshold;
    }

    public Optional<String> of(FlowState state) {
        if (state == null || state.consecutiveFailures() < threshold) {
            return Optional.empty();
        }
        return Optional.of(state.consecutiveFailures() + " échecs de suite (partenaire injoignable ou échanges refusés ?) ; "
                + "dernier : " + state.lastError());
    }
}
