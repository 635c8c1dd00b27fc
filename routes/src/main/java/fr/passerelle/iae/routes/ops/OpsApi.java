package fr.passerelle.iae.routes.ops;

import java.time.Clock;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import java.util.Map;
import java.util.Optional;
import java.util.function.Function;
import java.util.stream.Collectors;

import org.apache.camel.CamelContext;
import org.apache.camel.ServiceStatus;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RequestFields;
import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowRuns;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.journal.FlowStates.FlowState;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiError;
import fr.passerelle.iae.routes.api.JsonBodies;

/** Operations endpoints of API.md: the flows with their state, and running a scheduled flow now, in the background. */
@Component
public class OpsApi {

    /** {@code alert}: why operators should look at the flow (failed too many times in a row), null when nothing. */
    public record FlowView(String flow, String label, String partner, String direction, String kind, String state, String alert, Instant lastSuccessAt, String lastError,
                           Instant lastErrorAt, long processed, long rejected, long backlog, String circuitBreaker,
                           boolean runnable, long deadLetters, List<Long> perHour) {
    }

    public record DeadLetterView(UUID id, String flow, String endpoint, String key, String correlationId, String error,
                                 String status, Instant createdAt, Instant updatedAt, int size) {
        static DeadLetterView of(DeadLetters.DeadLetter d) {
            return new DeadLetterView(d.id(), d.flow(), d.endpoint(), d.headers().get(DeadLetterRoute.KEY),
                    d.headers().get(DeadLetterRoute.CORRELATION_ID), d.error(), d.status().name(), d.createdAt(),
                    d.updatedAt(), d.payload() == null ? 0 : d.payload().length);
        }
    }

    /** A run on demand (API.md): {@code counts} once DONE, {@code error} (personal data masked) once FAILED. */
    public record RunView(UUID runId, String flow, String state, Instant startedAt, Instant finishedAt, Counts counts,
                          String error) {
        public record Counts(long processed, long rejected) {
        }

        static RunView of(FlowRuns.Run run) {
            return new RunView(run.id(), run.flow(), run.state().name(), run.startedAt(), run.finishedAt(),
                    run.processed() == null ? null : new Counts(run.processed(), run.rejected()),
                    run.error());
        }
    }

    private final Map<String, Flow> flows;
    private final FlowStates states;
    private final CamelContext camel;
    private final JsonBodies json;
    private final FlowActivity activity;
    private final ExchangeJournal journal;
    private final FlowAlerts alerts;
    private final FlowRunner runner;
    private final DeadLetters deadLetters;
    private final DeadLetterReplay replay;
    private final Clock clock;

    public OpsApi(List<Flow> flows, FlowStates states, CamelContext camel, JsonBodies json, FlowActivity activity,
                  ExchangeJournal journal, DeadLetters deadLetters, DeadLetterReplay replay, FlowAlerts alerts,
                  FlowRunner runner, Clock clock) {
        this.clock = clock;
        this.deadLetters = deadLetters;
        this.replay = replay;
        this.journal = journal;
        this.activity = activity;
        this.flows = flows.stream().collect(Collectors.toMap(Flow::id, Function.identity()));
        this.states = states;
        this.camel = camel;
        this.json = json;
        this.alerts = alerts;
        this.runner = runner;
    }

    public StoredAnswer flows(ApiCall call) {
        return json.answer(200, views());
    }

    public List<FlowView> views() {
        Map<String, FlowState> known = states.all();
        Map<String, List<Long>> perHour = lastDay();
        Map<String, Long> letters = deadLetters.pendingByFlow();
        return flows.values().stream()
                .sorted(Comparator.comparing((Flow flow) -> flow.entry()).thenComparing(Flow::id))
                .map(flow -> view(flow, known.get(flow.id()), perHour.getOrDefault(flow.id(), hours()),
                        letters.getOrDefault(flow.id(), 0L)))
                .toList();
    }

    /** Records (processed + rejected) per flow in each of the last 24 hours, oldest first, the current hour last. */
    private Map<String, List<Long>> lastDay() {
        Instant currentHour = clock.instant().truncatedTo(ChronoUnit.HOURS);
        Instant first = currentHour.minus(23, ChronoUnit.HOURS);
        Map<String, List<Long>> series = new HashMap<>();
        for (FlowStates.HourCount count : states.hoursSince(first)) {
            int slot = (int) ChronoUnit.HOURS.between(first, count.hour().truncatedTo(ChronoUnit.HOURS));
            if (slot >= 0 && slot < 24) {
                List<Long> hours = series.computeIfAbsent(count.flow(), f -> hours());
                hours.set(slot, hours.get(slot) + count.processed() + count.rejected());
            }
        }
        return series;
    }

    private static List<Long> hours() {
        return new ArrayList<>(Collections.nCopies(24, 0L));
    }

    /** The exchange journal, newest first ({@code ?partner=&direction=&limit=}, limit 1…1000, default 100). */
    public StoredAnswer exchanges(ApiCall call) {
        ExchangeJournal.Direction direction = call.param("direction") == null || call.param("direction").isBlank() ? null
                : RequestFields.enumValue(ExchangeJournal.Direction.class, call.param("direction"), "direction");
        int limit = limit(call);
        String partner = call.param("partner") == null || call.param("partner").isBlank() ? null : call.param("partner");
        return json.answer(200, journal.recent(partner, direction, limit).stream().map(ExchangeView::of).toList());
    }

    public record ExchangeView(java.util.UUID id, String flow, String partner, String direction, String name, String sha256,
                               long size, Instant receivedAt, String status, String error, Counts counts,
                               Map<String, Long> outcomes, String correlationId) {
        public record Counts(int received, int applied, int unchanged, int rejected) {
        }

        static ExchangeView of(ExchangeJournal.Entry e) {
            return new ExchangeView(e.id(), e.flow(), e.partner(), e.direction().name(), e.name(), e.sha256(), e.size(),
                    e.receivedAt(), e.status().name(), e.error(), new Counts(e.counts().received(), e.counts().applied(),
                    e.counts().unchanged(), e.counts().rejected()), e.outcomes(), e.correlationId());
        }
    }

    /** Dead letters, newest first ({@code ?status=PENDING|REPLAYED|DISCARDED&limit=}); payloads stay in the registry. */
    public StoredAnswer deadLetters(ApiCall call) {
        DeadLetters.Status status = blank(call.param("status")) ? null
                : RequestFields.enumValue(DeadLetters.Status.class, call.param("status"), "status");
        return json.answer(200, deadLetters.recent(status, limit(call)).stream().map(DeadLetterView::of).toList());
    }

    public StoredAnswer replay(ApiCall call) {
        return json.answer(200, DeadLetterView.of(replay.replay(deadLetterId(call)).orElseThrow(() -> notPending(call))));
    }

    public StoredAnswer discard(ApiCall call) {
        return json.answer(200, DeadLetterView.of(replay.discard(deadLetterId(call)).orElseThrow(() -> notPending(call))));
    }

    private UUID deadLetterId(ApiCall call) {
        try {
            return UUID.fromString(call.param("id"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new ApiError(404, "NOT_FOUND", "API-RESOURCE", "id", "Lettre morte inconnue : " + call.param("id") + ".");
        }
    }

    private ApiError notPending(ApiCall call) {
        UUID id = deadLetterId(call);
        return deadLetters.find(id)
                .map(d -> new ApiError(409, "DEAD_LETTER_SETTLED", "API-OPS", "id",
                        "La lettre morte " + id + " n'est plus en attente (" + d.status() + ")."))
                .orElseGet(() -> new ApiError(404, "NOT_FOUND", "API-RESOURCE", "id", "Lettre morte inconnue : " + id + "."));
    }

    private static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    /** {@code ?limit=} of an ops list: 1…1000, default 100. */
    public static int limit(ApiCall call) {
        if (blank(call.param("limit"))) {
            return 100;
        }
        int limit;
        try {
            limit = Integer.parseInt(call.param("limit"));
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiError(400, "INVALID_INPUT", "limit", "limit doit être un entier de 1 à 1000.");
        }
        return limit;
    }

    public StoredAnswer run(ApiCall call) {
        Flow flow = flows.get(call.param("flow"));
        if (flow == null) {
            throw new ApiError(404, "NOT_FOUND", "API-RESOURCE", "flow", "Flux inconnu : " + call.param("flow") + ".");
        }
        if (!(flow instanceof ScheduledFlow scheduled)) {
            throw new ApiError(409, "FLOW_NOT_RUNNABLE", "API-OPS", "flow",
                    "Le flux " + flow.id() + " n'est pas planifié : il traite les messages à leur arrivée.");
        }
        return json.answer(202, RunView.of(runner.start(scheduled)));
    }

    public StoredAnswer runState(ApiCall call) {
        return json.answer(200, RunView.of(runId(call).flatMap(runner::find).orElseThrow(() ->
                new ApiError(404, "NOT_FOUND", "API-RESOURCE", "runId", "Run inconnu : " + call.param("runId") + "."))));
    }

    private static Optional<UUID> runId(ApiCall call) {
        try {
            return Optional.of(UUID.fromString(call.param("runId")));
        } catch (IllegalArgumentException | NullPointerException e) {
            return Optional.empty();
        }
    }

    private FlowView view(Flow flow, FlowState stored, List<Long> perHour, long pendingLetters) {
        FlowState state = stored == null ? new FlowState(flow.id(), null, null, null, 0, 0, 0) : stored;
        FlowActivity.Snapshot live = activity.of(flow.id());
        boolean routesUp = flow.routeIds().stream().allMatch(id -> camel.getRouteController().getRouteStatus(id) == ServiceStatus.Started);
        // a partner's outage degrades its flow; DOWN is for a flow this node does not carry (its routes stopped)
        String health = !routesUp ? "DOWN" : state.consecutiveFailures() > 0 ? "DEGRADED" : "UP";
        Instant lastErrorAt = latest(state.lastErrorAt(), live.lastErrorAt());
        String lastError = lastErrorAt == null ? null
                : lastErrorAt.equals(live.lastErrorAt()) ? live.lastError() : state.lastError();
        return new FlowView(flow.id(), flow.entry().label(), flow.entry().partner().code(), flow.entry().direction().name(),
                flow.entry().kind().name(), health, alerts.of(state).orElse(null),
                latest(state.lastSuccessAt(), live.lastSuccessAt()), lastError,
                lastErrorAt, state.processed() + live.processed(), state.rejected() + live.rejected(), flow.backlog(),
                flow.circuitBreaker(), flow instanceof ScheduledFlow, pendingLetters, perHour);
    }

    private static Instant latest(Instant a, Instant b) {
        return a == null ? b : b == null ? a : a.isAfter(b) ? a : b;
    }
}
