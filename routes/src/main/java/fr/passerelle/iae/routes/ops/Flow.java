package fr.passerelle.iae.routes.ops;

import java.util.List;

import fr.passerelle.iae.registry.journal.FlowCatalogue;

/**
 * A partner flow as operations see it at run time: every entry of the {@link FlowCatalogue} has one (a Spring bean),
 * which appears in {@code GET /api/v1/ops/flows}.
 */
public interface Flow {

    FlowCatalogue entry();

    default String id() {
        return entry().id();
    }

    /** The Camel routes that carry it; the flow is DOWN when one of them is not started. */
    List<String> routeIds();

    /** Units waiting to be processed. */
    default long backlog() {
        return 0;
    }

    /** State of the partner's circuit breaker, null when the flow has none. */
    default String circuitBreaker() {
        return null;
    }

    record FlowRun(long processed, long rejected) {
    }
}
