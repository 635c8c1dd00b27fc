package fr.passerelle.iae.routes.api;

import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;
import java.util.regex.Pattern;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.apache.camel.component.kafka.KafkaConstants;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.registry.idempotency.IdempotentExecution;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.pass.PassNotFound;
import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.routes.runtime.CorrelationIds;

/**
 * Binds a Camel REST exchange to an API handler: authentication and scope, media type (the body is already read and
 * bounded by {@link RequestGate}),
 * idempotency key, and the answer or the error body of API.md. Business refusals are answers (stored
 * and replayed with their key); a node too busy for the request answers 429 with Retry-After ({@link TryLater}, not
 * stored); faults of the hub are 500s whose detail stays in the log.
 */
@Component
public class ApiEndpoint {

    private static final Logger LOG = LoggerFactory.getLogger(ApiEndpoint.class);
    private static final Pattern KEY = Pattern.compile("^[\\x21-\\x7E]{1,100}$");

    private final ApiClients clients;
    private final IdempotentExecution idempotent;
    private final JsonBodies json;
    private final FlowActivity activity;
    private final Clock clock;

    public ApiEndpoint(ApiClients clients, IdempotentExecution idempotent, JsonBodies json, FlowActivity activity, Clock clock) {
        this.clock = clock;
        this.clients = clients;
        this.idempotent = idempotent;
        this.json = json;
        this.activity = activity;
    }

    /** A read: no body, no idempotency key. */
    public Processor query(String flow, String scope, List<String> params, Function<ApiCall, StoredAnswer> handler) {
        return exchange -> respond(flow, exchange, () -> handler.apply(call(exchange, scope, params, null, false)));
    }

    /** A read whose criteria travel in a JSON body (personal data never goes in a URL). */
    public Processor search(String flow, String scope, Function<ApiCall, StoredAnswer> handler) {
        return exchange -> respond(flow, exchange, () -> handler.apply(call(exchange, scope, List.of(), body(exchange), false)));
    }

    /** A mutating call: runs once per (client, Idempotency-Key); the same key and body replay the first answer. */
    public Processor command(String flow, String operation, String scope, List<String> params,
                             Function<ApiCall, StoredAnswer> handler) {
        return exchange -> respond(flow, exchange, () -> {
            byte[] body = body(exchange);
            ApiCall call = call(exchange, scope, params, body, true);
            byte[] fingerprint = (String.join("/", call.params().values()) + "\n" + new String(body, java.nio.charset.StandardCharsets.UTF_8))
                    .getBytes(java.nio.charset.StandardCharsets.UTF_8);
            return once(call.client().name(), call.idempotencyKey(), operation, fingerprint, () -> handler.apply(call));
        });
    }

    /**
     * A request that came as a Kafka message: its key is the idempotency key, and "today" is its record time
     * (DOMAIN conventions: the date of the fact, so a redelivered or replayed message decides the same way). Answered
     * once per key like a command; refusals are answers.
     */
    public StoredAnswer message(Exchange exchange, String client, String scope, String operation,
                                BiFunction<ApiCall, Instant, StoredAnswer> handler) {
        Message in = exchange.getMessage();
        String key = in.getHeader(KafkaConstants.KEY, String.class);
        if (key == null || key.isBlank() || key.length() > 100) {
            return json.error(new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "key",
                    "La clé du message (clé d'idempotence, 1 à 100 caractères) est obligatoire."));
        }
        Long timestamp = in.getHeader(KafkaConstants.TIMESTAMP, Long.class);
        Instant declaredAt = timestamp == null ? clock.instant() : Instant.ofEpochMilli(timestamp);
        byte[] body = in.getBody(byte[].class);
        byte[] content = body == null ? new byte[0] : body;
        ApiCall call = new ApiCall(new ApiClient(client, Set.of(scope)), key, content, Map.of());
        byte[] fingerprint = ("\n" + new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
        return once(client, key, operation, fingerprint, () -> handler.apply(call, declaredAt));
    }

    /**
     * Runs {@code work} once per (client, key); its refusals are answers, stored and replayed like successes.
     * A key reused with another request is refused (409).
     */
    public StoredAnswer once(String client, String key, String operation, byte[] fingerprint,
                             java.util.function.Supplier<StoredAnswer> work) {
        try {
            return idempotent.run(client, key, operation, fingerprint, () -> {
                try {
                    return work.get();
                } catch (RejectedException e) {
                    return json.refusal(e.rejection());
                } catch (ApiError e) {
                    return json.error(e);
                }
            });
        } catch (RejectedException e) {
            return json.refusal(e.rejection());
        }
    }

    private ApiCall call(Exchange exchange, String scope, List<String> params, byte[] body, boolean mutating) {
        Message in = exchange.getMessage();
        ApiClient client = authorize(in.getHeader("Authorization", String.class), scope);
        String key = null;
        if (mutating) {
            key = in.getHeader("Idempotency-Key", String.class);
            if (key == null || key.isEmpty()) {
                throw new ApiError(400, "IDEMPOTENCY_KEY_REQUIRED", "API-IDEMPOTENCY", "Idempotency-Key",
                        "L'en-tête Idempotency-Key est obligatoire pour cette opération.");
            }
            if (!KEY.matcher(key).matches()) {
                throw new ApiError(400, "INVALID_INPUT", "API-IDEMPOTENCY", "Idempotency-Key",
                        "L'en-tête Idempotency-Key doit compter de 1 à 100 caractères ASCII imprimables.");
            }
        }
        Map<String, String> values = new HashMap<>();
        for (String name : params) {
            String value = in.getHeader(name, String.class);
            // path variables arrive still percent-encoded ("99999%2000%2012345" for a number typed with spaces)
            try {
                values.put(name, value == null ? null : java.net.URLDecoder.decode(value, java.nio.charset.StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", name, "Ce paramètre n'est pas correctement encodé (%XX).");
            }
        }
        return new ApiCall(client, key, body, values);
    }

    /** The key of an {@code Authorization: Bearer <key>} header; null when there is none. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    static ApiError unauthorized() {
        return new ApiError(401, "UNAUTHORIZED", "API-AUTH", null,
                "Une clé d'API valide est nécessaire (en-tête Authorization: Bearer <clé>).");
    }

    private ApiClient authorize(String authorization, String scope) {
        ApiClient client = clients.authenticate(bearer(authorization)).orElseThrow(ApiEndpoint::unauthorized);
        if (!client.has(scope)) {
            throw new ApiError(403, "FORBIDDEN", "API-AUTH", null, "Cette clé d'API n'a pas le droit " + scope + ".");
        }
        return client;
    }

    /** The body, already bounded by {@link RequestGate} (64 KB, read before Camel's servlet binding). */
    private byte[] body(Exchange exchange) {
        Message in = exchange.getMessage();
        String type = in.getHeader("Content-Type", String.class);
        if (type == null || !type.toLowerCase(java.util.Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "API-FORMAT", null, "Le corps doit être du JSON (Content-Type: application/json).");
        }
        try (java.io.InputStream stream = in.getBody(java.io.InputStream.class)) {
            return stream == null ? new byte[0] : stream.readAllBytes();
        } catch (java.io.IOException e) {
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête n'a pas pu être lu.");
        }
    }

    private void respond(String flow, Exchange exchange, java.util.function.Supplier<StoredAnswer> work) {
        StoredAnswer answer;
        String fault = null;
        Duration retryAfter = null;
        try {
            answer = work.get();
        } catch (TryLater e) {
            answer = json.error(new ApiError(429, e.code(), "API-BUSY", null, e.getMessage()));
            retryAfter = e.retryAfter();
        } catch (ApiError e) {
            answer = json.error(e);
        } catch (RejectedException e) {
            answer = json.refusal(e.rejection());
        } catch (PassNotFound e) {
            answer = json.error(new ApiError(404, "NOT_FOUND", "API-RESOURCE", null, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("API fault on {} {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH), PersonalData.masked(e));
            answer = json.error(new ApiError(500, "INTERNAL_ERROR", "API-FAULT", null,
                    "Erreur interne de la passerelle ; la demande n'a pas été appliquée."));
            fault = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        activity.answered(flow, answer.status(), fault);
        Message out = exchange.getMessage();
        String correlationId = CorrelationIds.of(exchange);
        // request headers (Authorization among them) must never travel back in the answer
        out.removeHeaders("*");
        out.setHeader(CorrelationIds.HTTP_HEADER, correlationId);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        if (retryAfter != null) {
            out.setHeader("Retry-After", retryAfter.toSeconds());
        }
        out.setBody(answer.body());
    }
}
