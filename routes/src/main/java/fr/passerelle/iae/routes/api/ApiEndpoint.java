package fr.passerelle.iae.routes.api;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.function.BiFunction;
import java.util.function.Function;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.apache.camel.Processor;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.access.ApiClients.ApiClient;
import fr.passerelle.iae.registry.evidence.EvidenceLeaves;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.runtime.CorrelationIds;

/**
 * Binds a Camel REST exchange to an API handler: authentication and scope ({@link ApiAuthentication}), media type (the
 * body is already read and bounded by {@link RequestGate}), idempotency key ({@link IdempotentCommand}), and the
 * answer or the error body of API.md ({@link ApiAnswers}). Business refusals are answers (stored and replayed with
 * their key); a node too busy for the request answers 429 with Retry-After ({@link TryLater}, not stored); faults of
 * the hub are 500s whose detail stays in the log.
 */
@Component
public class ApiEndpoint {

    private final ApiAuthentication authentication;
    private final IdempotentCommand commands;
    private final ApiAnswers answers;

    ApiEndpoint(ApiAuthentication authentication, IdempotentCommand commands, ApiAnswers answers) {
        this.authentication = authentication;
        this.commands = commands;
        this.answers = answers;
    }

    /** A read: no body, no idempotency key. */
    public Processor query(String flow, String scope, List<String> params, Function<ApiCall, StoredAnswer> handler) {
        return exchange -> answers.respond(flow, exchange, () -> handler.apply(call(exchange, scope, params, null, false)));
    }

    /** How a read answers with a file: written to {@code out}; a refusal is thrown as an {@link ApiError}. */
    @FunctionalInterface
    public interface FileAnswer {
        void write(ApiCall call, OutputStream out) throws IOException;
    }

    /**
     * A read that answers with a file (an export), of any size: written to a temporary file first, so that an error
     * found on the way is still answered as the JSON error of API.md, then streamed back and deleted.
     */
    public Processor file(String flow, String scope, List<String> params, String contentType, FileAnswer handler) {
        return exchange -> {
            Path written = Files.createTempFile("answer", ".tmp");
            try {
                answers.respond(flow, exchange, () -> {
                    ApiCall call = call(exchange, scope, params, null, false);
                    try (OutputStream out = Files.newOutputStream(written)) {
                        handler.write(call, out);
                    } catch (IOException e) {
                        throw new UncheckedIOException(e);
                    }
                    return new StoredAnswer(200, null);
                });
            } finally {
                if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) != 200) {
                    Files.deleteIfExists(written);
                }
            }
            if (exchange.getMessage().getHeader(Exchange.HTTP_RESPONSE_CODE, Integer.class) == 200) {
                exchange.getMessage().setHeader(Exchange.CONTENT_TYPE, contentType);
                exchange.getMessage().setBody(Files.newInputStream(written, StandardOpenOption.DELETE_ON_CLOSE));
            }
        };
    }

    /** A read whose criteria travel in a JSON body (personal data never goes in a URL). */
    public Processor search(String flow, String scope, Function<ApiCall, StoredAnswer> handler) {
        return exchange -> answers.respond(flow, exchange,
                () -> handler.apply(call(exchange, scope, List.of(), body(exchange), false)));
    }

    /** A mutating call: runs once per (client, Idempotency-Key); the same key and body replay the first answer. */
    public Processor command(String flow, String operation, String scope, List<String> params,
                             Function<ApiCall, StoredAnswer> handler) {
        return exchange -> answers.respond(flow, exchange, () -> {
            ApiCall call = call(exchange, scope, params, body(exchange), true);
            return commands.once(wire(exchange, flow, call), operation, call, () -> handler.apply(call));
        });
    }

    /**
     * A request that came as a Kafka message: its key is the idempotency key, and "today" is its record time.
     * Answered once per key like a command; refusals are answers.
     */
    public StoredAnswer message(Exchange exchange, String flow, String client, String scope, String operation,
                                BiFunction<ApiCall, Instant, StoredAnswer> handler) {
        return commands.message(exchange, flow, client, scope, operation, handler);
    }

    /** The request as it came over HTTP, for its evidence leaf: method, path, the request's id; the PASS its path names. */
    private static EvidenceLeaves.Request wire(Exchange exchange, String flow, ApiCall call) {
        Message in = exchange.getMessage();
        Map<String, String> coordinates = new LinkedHashMap<>();
        coordinates.put("method", in.getHeader(Exchange.HTTP_METHOD, String.class));
        coordinates.put("path", in.getHeader(Exchange.HTTP_URI, String.class));
        coordinates.put("request", CorrelationIds.of(exchange));
        coordinates.put("client", call.client().name());
        String number = call.params().get("number");
        Set<String> pass = number == null ? Set.of() : Set.of(number.replace(" ", ""));
        return new EvidenceLeaves.Request(flow, FlowCatalogue.partnerOf(flow).code(), "IN", "rest", coordinates, call.body(), pass);
    }

    private ApiCall call(Exchange exchange, String scope, List<String> params, byte[] body, boolean mutating) {
        Message in = exchange.getMessage();
        ApiClient client = authentication.authorize(in.getHeader("Authorization", String.class), scope);
        String key = mutating ? commands.key(in) : null;
        Map<String, String> values = new HashMap<>();
        for (String name : params) {
            String value = in.getHeader(name, String.class);
            // path variables arrive still percent-encoded ("99999%2000%2012345" for a number typed with spaces)
            try {
                values.put(name, value == null ? null : URLDecoder.decode(value, StandardCharsets.UTF_8));
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", name, "Ce paramètre n'est pas correctement encodé (%XX).");
            }
        }
        return new ApiCall(client, key, body, values);
    }

    /** The body, already bounded by {@link RequestGate} (64 KB, read before Camel's servlet binding). */
    private byte[] body(Exchange exchange) {
        Message in = exchange.getMessage();
        String type = in.getHeader("Content-Type", String.class);
        if (type == null || !type.toLowerCase(Locale.ROOT).startsWith("application/json")) {
            throw new ApiError(415, "UNSUPPORTED_MEDIA_TYPE", "API-FORMAT", null, "Le corps doit être du JSON (Content-Type: application/json).");
        }
        try (InputStream stream = in.getBody(InputStream.class)) {
            return stream == null ? new byte[0] : stream.readAllBytes();
        } catch (IOException e) {
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête n'a pas pu être lu.");
        }
    }
}
