package fr.passerelle.iae.routes.ops;

import java.time.Instant;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.pass.IssuanceValidation;
import fr.passerelle.iae.registry.journal.FlowStates.FlowState;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiError;
import fr.passerelle.iae.routes.api.JsonBodies;

/** Operations endpoints of API.md: the flows with their state, and running a scheduled flow now. */
@Component
public class OpsApi {

    public record FlowView(String flow, String label, String state, Instant lastSuccessAt, String lastError, Instant lastErrorAt,
                           long processed, long rejected, long backlog, String circuitBreaker, boolean runnable) {
    }

    public record RunAnswer(String flow, long processed, long rejected, Instant startedAt, Instant finishedAt) {
    }

    private final Map<String, Flow> flows;
    private final FlowStates states;
    private final CamelContext camel;
    private final JsonBodies json;
    private final FlowActivity activity;
    private final ExchangeJournal journal;
    private final int downAfterFailures;

    public OpsApi(List<Flow> flows, FlowStates states, CamelContext camel, JsonBodies json, FlowActivity activity,
                  ExchangeJournal journal, @Value("${passerelle.ops.down-after-failures:5}") int downAfterFailures) {
        this.journal = journal;
        this.activity = activity;
        this.flows = flows.stream().collect(Collectors.toMap(Flow::id, Function.identity()));
        this.states = states;
        this.camel = camel;
        this.json = json;
        this.downAfterFailures = downAfterFailures;
    }

    public StoredAnswer flows(ApiCall call) {
        return json.answer(200, views());
    }

    public List<FlowView> views() {
        Map<String, FlowState> known = states.all();
        return flows.values().stream()
                .sorted(Comparator.comparing(Flow::id))
                .map(flow -> view(flow, known.get(flow.id())))
                .toList();
    }

    /** The exchange journal, newest first ({@code ?partner=&direction=&limit=}, limit 1…1000, default 100). */
    public StoredAnswer exchanges(ApiCall call) {
        ExchangeJournal.Direction direction = call.param("direction") == null || call.param("direction").isBlank() ? null
                : IssuanceValidation.enumValue(ExchangeJournal.Direction.class, call.param("direction"), "direction");
        int limit = 100;
        if (call.param("limit") != null && !call.param("limit").isBlank()) {
            try {
                limit = Integer.parseInt(call.param("limit"));
            } catch (NumberFormatException e) {
                limit = -1;
            }
            if (limit < 1 || limit > 1000) {
                throw new ApiError(400, "INVALID_INPUT", "limit", "limit doit être un entier de 1 à 1000.");
            }
        }
        String partner = call.param("partner") == null || call.param("partner").isBlank() ? null : call.param("partner");
        return json.answer(200, journal.recent(partner, direction, limit).stream().map(ExchangeView::of).toList());
    }

    public record ExchangeView(java.util.UUID id, String flow, String partner, String direction, String name, String sha256,
                               long size, Instant receivedAt, String status, String error, Counts counts) {
        public record Counts(int received, int applied, int unchanged, int rejected) {
        }

        static ExchangeView of(ExchangeJournal.Entry e) {
            return new ExchangeView(e.id(), e.flow(), e.partner(), e.direction().name(), e.name(), e.sha256(), e.size(),
                    e.receivedAt(), e.status().name(), e.error(), new Counts(e.counts().received(), e.counts().applied(),
                    e.counts().unchanged(), e.counts().rejected()));
        }
    }

    public StoredAnswer run(ApiCall call) {
        Flow flow = flows.get(call.param("flow"));
        if (flow == null) {
            throw new ApiError(404, "NOT_FOUND", "API-RESOURCE", "flow", "Flux inconnu : " + call.param("flow") + ".");
        }
        if (!flow.runnable()) {
            throw new ApiError(409, "FLOW_NOT_RUNNABLE", "API-OPS", "flow",
                    "Le flux " + flow.id() + " n'est pas planifié : il traite les messages à leur arrivée.");
        }
        Instant started = Instant.now();
        Flow.FlowRun counts = flow.runNow();
        return json.answer(200, new RunAnswer(flow.id(), counts.processed(), counts.rejected(), started, Instant.now()));
    }

    private FlowView view(Flow flow, FlowState stored) {
        FlowState state = stored == null ? new FlowState(flow.id(), null, null, null, 0, 0, 0) : stored;
        FlowActivity.Snapshot live = activity.of(flow.id());
        boolean routesUp = flow.routeIds().stream().allMatch(id -> camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started);
        int failures = state.consecutiveFailures();
        String health = !routesUp || failures >= downAfterFailures ? "DOWN" : failures > 0 ? "DEGRADED" : "UP";
        Instant lastErrorAt = latest(state.lastErrorAt(), live.lastErrorAt());
        String lastError = lastErrorAt == null ? null
                : lastErrorAt.equals(live.lastErrorAt()) ? live.lastError() : state.lastError();
        return new FlowView(flow.id(), flow.label(), health, latest(state.lastSuccessAt(), live.lastSuccessAt()), lastError,
                lastErrorAt, state.processed() + live.processed(), state.rejected() + live.rejected(), flow.backlog(),
                flow.circuitBreaker(), flow.runnable());
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
