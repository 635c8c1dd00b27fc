package fr.passerelle.iae.connectors.francetravail;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.URI;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.Deque;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import fr.passerelle.iae.connectors.infra.LoopbackHttpServer;

/**
 * A France Travail stand-in following PARTNERS §3.2–3.5: token endpoint, {@code rechercheIndividuCertifie} and
 * {@code maj-pass-iae}, answering from the contract's sample files ({@code francetravail/*.json} on the class
 * path). Answers can be chosen per PASS number or per NIR, and failures injected: latency, HTTP errors, 429 with
 * {@code Retry-After}, and a rate limit of its own. Used by the embedded default run and by the tests.
 */
public final class FranceTravailSimulator implements AutoCloseable {

    public static final String CLIENT_ID = "passerelle-simulator";
    public static final String CLIENT_SECRET = "simulator-secret";

    public enum Endpoint { TOKEN, LOOKUP, UPDATE }

    /** A request received, its JSON body kept for assertions. */
    public record Received(Endpoint endpoint, JsonNode body, Instant at) {
    }

    /**
     * An injected failure: an HTTP status, with a {@code Retry-After} (seconds) when not null, and the body to answer
     * when not null (otherwise France Travail's error body, none for a 204).
     */
    public record Failure(int status, Integer retryAfterSeconds, String body) {

        public Failure(int status, Integer retryAfterSeconds) {
            this(status, retryAfterSeconds, null);
        }

        /** A 200 whose body is not the answer France Travail documents. */
        public static Failure malformed(String body) {
            return new Failure(200, null, body);
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Map<String, JsonNode> SAMPLES = new ConcurrentHashMap<>();

    private final LoopbackHttpServer server;
    private final Set<String> tokens = ConcurrentHashMap.newKeySet();
    private final Map<String, String> updateAnswers = new ConcurrentHashMap<>();
    private final Map<String, String> lookupAnswers = new ConcurrentHashMap<>();
    private final Map<Endpoint, Deque<Failure>> failures = new ConcurrentHashMap<>();
    private final Map<Endpoint, Failure> outage = new ConcurrentHashMap<>();
    private final Map<String, Deque<Failure>> failuresFor = new ConcurrentHashMap<>();
    private final ConcurrentLinkedQueue<Received> received = new ConcurrentLinkedQueue<>();
    private final AtomicLong rateLimitedAnswers = new AtomicLong();
    private volatile Duration latency = Duration.ZERO;
    private volatile long tokenLifetimeSeconds = 1499;
    // token bucket of the API rate limit: capacity = rate, refilled continuously; 0 = no limit
    private volatile double ratePerSecond;
    private double bucket;
    private long bucketAt = System.nanoTime();

    private FranceTravailSimulator(LoopbackHttpServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1 at {@code port} (0: a free port). Its threads never keep the JVM alive. */
    public static FranceTravailSimulator start(int port) {
        LoopbackHttpServer server = LoopbackHttpServer.start("france-travail-simulator", port, 8);
        FranceTravailSimulator simulator = new FranceTravailSimulator(server);
        server.handleAll(simulator::handle);
        return simulator;
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    // ---------------------------------------------------------------------------------------------- configuration

    /** The {@code codeSortie} of {@code maj-pass-iae} for this PASS number (default S000). */
    public FranceTravailSimulator answerUpdate(String passNumber, String code) {
        updateAnswers.put(passNumber, code);
        return this;
    }

    /** The {@code codeSortie} of the look-up for this NIR (first 13 characters; default S001). */
    public FranceTravailSimulator answerLookup(String nir, String code) {
        lookupAnswers.put(nir.substring(0, 13), code);
        return this;
    }

    /** The next calls of {@code endpoint} fail with these statuses, in order. */
    public FranceTravailSimulator failNext(Endpoint endpoint, Failure... next) {
        Deque<Failure> queue = failures.computeIfAbsent(endpoint, e -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(next));
        }
        return this;
    }

    /** The next {@code maj-pass-iae} calls for this PASS number fail with these statuses, in order. */
    public FranceTravailSimulator failNextFor(String passNumber, Failure... next) {
        Deque<Failure> queue = failuresFor.computeIfAbsent(passNumber, e -> new ArrayDeque<>());
        synchronized (queue) {
            queue.addAll(List.of(next));
        }
        return this;
    }

    /** Every call of {@code endpoint} fails with {@code failure} until {@link #heal()}. */
    public FranceTravailSimulator outage(Endpoint endpoint, Failure failure) {
        outage.put(endpoint, failure);
        return this;
    }

    /** Ends outages and queued failures. */
    public FranceTravailSimulator heal() {
        outage.clear();
        failures.clear();
        failuresFor.clear();
        return this;
    }

    public FranceTravailSimulator latency(Duration latency) {
        this.latency = latency;
        return this;
    }

    public FranceTravailSimulator tokenLifetime(long seconds) {
        this.tokenLifetimeSeconds = seconds;
        return this;
    }

    /** API calls allowed per second (token bucket); beyond, 429 with {@code Retry-After: 1}. 0 = unlimited. */
    public synchronized FranceTravailSimulator rateLimit(double perSecond) {
        this.ratePerSecond = perSecond;
        this.bucket = perSecond;
        this.bucketAt = System.nanoTime();
        return this;
    }

    // ---------------------------------------------------------------------------------------------- observation

    public List<Received> received() {
        return List.copyOf(received);
    }

    public List<Received> received(Endpoint endpoint) {
        return received.stream().filter(r -> r.endpoint() == endpoint).toList();
    }

    /** {@code maj-pass-iae} requests received for this PASS number. */
    public List<JsonNode> updatesOf(String passNumber) {
        return received(Endpoint.UPDATE).stream().map(Received::body)
                .filter(b -> passNumber.equals(b.path("numPassIAE").asText())).toList();
    }

    /** 429 answers given because of the simulator's own rate limit. */
    public long rateLimitedAnswers() {
        return rateLimitedAnswers.get();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            Endpoint endpoint = switch (path) {
                case "/connexion/oauth2/access_token" -> Endpoint.TOKEN;
                case FranceTravailClient.LOOKUP_PATH -> Endpoint.LOOKUP;
                case FranceTravailClient.UPDATE_PATH -> Endpoint.UPDATE;
                default -> null;
            };
            if (endpoint == null || !"POST".equals(exchange.getRequestMethod())) {
                reply(exchange, 404, "{\"codeErreur\":\"NOT_FOUND\",\"codeHttp\":404,\"message\":\"" + path + "\"}", null);
                return;
            }
            byte[] body;
            try (InputStream in = exchange.getRequestBody()) {
                body = in.readAllBytes();
            }
            if (!latency.isZero()) {
                Thread.sleep(latency.toMillis());
            }
            if (endpoint == Endpoint.TOKEN) {
                token(exchange, new String(body, StandardCharsets.UTF_8));
                return;
            }
            String authorization = exchange.getRequestHeaders().getFirst("Authorization");
            if (authorization == null || !tokens.contains(authorization)) {
                reply(exchange, 401, error(401, "UNAUTHORIZED"), null);
                return;
            }
            if (!takeToken()) {
                rateLimitedAnswers.incrementAndGet();
                reply(exchange, 429, error(429, "TOO_MANY_REQUESTS"), "1");
                return;
            }
            JsonNode request = JSON.readTree(body);
            received.add(new Received(endpoint, request, Instant.now()));
            Failure failure = nextFailure(endpoint);
            if (failure == null && endpoint == Endpoint.UPDATE) {
                failure = poll(failuresFor.get(request.path("numPassIAE").asText("")));
            }
            if (failure != null) {
                String answer = failure.body() != null ? failure.body()
                        : failure.status() == 204 ? null : error(failure.status(), "INJECTED");
                reply(exchange, failure.status(), answer,
                        failure.retryAfterSeconds() == null ? null : failure.retryAfterSeconds().toString());
                return;
            }
            if (endpoint == Endpoint.LOOKUP) {
                reply(exchange, 200, lookup(request), null);
            } else {
                reply(exchange, 200, update(request), null);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private void token(HttpExchange exchange, String form) throws IOException {
        Map<String, String> values = new HashMap<>();
        for (String pair : form.split("&")) {
            int eq = pair.indexOf('=');
            if (eq > 0) {
                values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
            }
        }
        Failure failure = nextFailure(Endpoint.TOKEN);
        if (failure != null) {
            reply(exchange, failure.status(), error(failure.status(), "INJECTED"), null);
            return;
        }
        if (!CLIENT_ID.equals(values.get("client_id")) || !CLIENT_SECRET.equals(values.get("client_secret"))
                || !"client_credentials".equals(values.get("grant_type"))
                || !"/partenaire".equals(query(exchange).get("realm"))) {
            reply(exchange, 401, "{\"error\":\"invalid_client\"}", null);
            return;
        }
        String token = UUID.randomUUID().toString();
        tokens.add("Bearer " + token);
        received.add(new Received(Endpoint.TOKEN, JSON.createObjectNode().put("scope", values.get("scope")), Instant.now()));
        reply(exchange, 200, "{\"access_token\":\"" + token + "\",\"token_type\":\"Bearer\",\"expires_in\":"
                + tokenLifetimeSeconds + ",\"scope\":\"" + values.getOrDefault("scope", "") + "\"}", null);
    }

    private String lookup(JsonNode request) throws IOException {
        String nir = request.path("nirCertifie").asText("");
        String code = lookupAnswers.getOrDefault(nir, "S001");
        ObjectNode answer = (ObjectNode) sample("rechercheIndividuCertifie_S001.json");
        answer.put("codeSortie", code);
        if (code.equals("S001")) {
            // opaque, ≤ 48 characters, stable per person (ID-33)
            answer.put("idNationalDE", Base64.getUrlEncoder().withoutPadding()
                    .encodeToString(("SIMU-" + nir).getBytes(StandardCharsets.UTF_8)));
        } else {
            answer.put("idNationalDE", "");
        }
        return answer.toString();
    }

    private String update(JsonNode request) throws IOException {
        String number = request.path("numPassIAE").asText("");
        String code = updateAnswers.getOrDefault(number, "S000");
        if (request.path("idNational").asText("").isEmpty()) {
            code = "S001";
        } else if (number.isEmpty()) {
            code = "S027";
        } else if (request.path("typeSIAE").asInt() < 836 || request.path("typeSIAE").asInt() > 840) {
            code = "S019";
        }
        ObjectNode answer;
        try {
            answer = (ObjectNode) sample("maj-pass-iae_" + code + ".json");
        } catch (IOException e) {
            answer = (ObjectNode) sample("maj-pass-iae_S022.json");
            answer.put("message", "SD non installé : " + code);
        }
        answer.put("codeSortie", code);
        answer.put("idNational", request.path("idNational").asText(""));
        return answer.toString();
    }

    /** A copy of the sample answer (read once: inside the hub's jar each read costs milliseconds). */
    private static JsonNode sample(String name) throws IOException {
        JsonNode sample = SAMPLES.get(name);
        if (sample == null) {
            try (InputStream in = FranceTravailSimulator.class.getResourceAsStream("/francetravail/" + name)) {
                if (in == null) {
                    throw new IOException("no sample " + name);
                }
                sample = JSON.readTree(in);
            }
            SAMPLES.put(name, sample);
        }
        return sample.deepCopy();
    }

    private Failure nextFailure(Endpoint endpoint) {
        Failure always = outage.get(endpoint);
        if (always != null) {
            return always;
        }
        return poll(failures.get(endpoint));
    }

    private static Failure poll(Deque<Failure> queue) {
        if (queue == null) {
            return null;
        }
        synchronized (queue) {
            return queue.pollFirst();
        }
    }

    private synchronized boolean takeToken() {
        if (ratePerSecond <= 0) {
            return true;
        }
        long now = System.nanoTime();
        bucket = Math.min(ratePerSecond, bucket + (now - bucketAt) / 1e9 * ratePerSecond);
        bucketAt = now;
        if (bucket >= 1) {
            bucket -= 1;
            return true;
        }
        return false;
    }

    private static Map<String, String> query(HttpExchange exchange) {
        Map<String, String> values = new HashMap<>();
        String query = exchange.getRequestURI().getRawQuery();
        if (query != null) {
            for (String pair : query.split("&")) {
                int eq = pair.indexOf('=');
                if (eq > 0) {
                    values.put(pair.substring(0, eq), URLDecoder.decode(pair.substring(eq + 1), StandardCharsets.UTF_8));
                }
            }
        }
        return values;
    }

    private static String error(int status, String code) {
        return "{\"codeErreur\":\"" + code + "\",\"codeHttp\":" + status + ",\"message\":\"simulated\"}";
    }

    private static void reply(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        if (body == null) {
            exchange.sendResponseHeaders(status, -1);
            return;
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
