package fr.passerelle.iae.connectors.francetravail;

import java.io.IOException;
import java.net.ConnectException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpConnectTimeoutException;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.annotation.JsonInclude;
import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.ObjectMapper;

import io.github.resilience4j.ratelimiter.RateLimiter;
import io.github.resilience4j.ratelimiter.RateLimiterConfig;

import fr.passerelle.iae.connectors.PartnerGuard;
import fr.passerelle.iae.connectors.WireTap;

/**
 * The hub's one client of France Travail's partner APIs (PARTNERS §3.2–3.5): OAuth2 token, paced calls inside a
 * circuit breaker, retry with back-off for the identity look-up only, and the partner-wide pause a 429 imposes.
 * Returns the answer body of a 200/206; every technical failure is a {@link FranceTravailUnavailable}. Thread-safe.
 */
public class FranceTravailClient {

    public static final String LOOKUP_PATH = "/rechercheindividucertifie/v1/rechercheIndividuCertifie";
    public static final String UPDATE_PATH = "/maj-pass-iae/v1/passIAE/miseAjour";

    private final FranceTravailSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private final AccessTokens tokens;
    private final RateLimiter pace;
    private final PartnerGuard guard;
    // §3.3: after a 429, no call at all before this instant (System.nanoTime)
    private final AtomicLong pausedUntil = new AtomicLong(System.nanoTime());
    private final AtomicLong rateLimited = new AtomicLong();
    private final AtomicLong calls = new AtomicLong();

    private final Consumer<Duration> latency;
    private final WireTap tap;

    public FranceTravailClient(FranceTravailSettings settings) {
        this(settings, d -> { }, WireTap.NONE);
    }

    /**
     * @param latency receives the duration of every HTTP exchange with the API (operations chart it)
     * @param tap     receives the bytes of every API call and answer (the evidence journal keeps them)
     */
    public FranceTravailClient(FranceTravailSettings settings, Consumer<Duration> latency, WireTap tap) {
        this.settings = settings;
        this.latency = latency;
        this.tap = tap;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.json = new ObjectMapper()
                .setSerializationInclusion(JsonInclude.Include.NON_NULL)
                .configure(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES, false);
        this.tokens = new AccessTokens(settings, http, json);
        // one permit every 1/rate s rather than `rate` permits per second: no burst at a window boundary
        this.pace = RateLimiter.of("france-travail", RateLimiterConfig.custom()
                .limitForPeriod(1)
                .limitRefreshPeriod(Duration.ofNanos((long) (1_000_000_000L / settings.callsPerSecond())))
                .timeoutDuration(Duration.ofMinutes(10))
                .build());
        this.guard = new PartnerGuard("france-travail", settings.breakerMinimumCalls(), settings.breakerFailureRate(),
                settings.breakerOpenFor(), settings.retryAttempts(), settings.retryBackoff(), e -> e instanceof FranceTravailUnavailable);
    }

    /**
     * POSTs {@code body} as JSON to {@code path} of the API base and reads the answer as {@code answerType}; a
     * technical failure is tried again with back-off. For a call that may be repeated: the identity look-up.
     */
    public <T> T post(String path, Object body, Class<T> answerType) {
        return guard.call(() -> attempt(path, body, answerType), FranceTravailClient::circuitOpen);
    }

    /**
     * As {@link #post}, in one attempt: {@code maj-pass-iae} is not idempotent (PARTNERS §3.5), a failure is left to
     * the next dispatch cycle.
     */
    public <T> T postOnce(String path, Object body, Class<T> answerType) {
        return guard.callOnce(() -> attempt(path, body, answerType), FranceTravailClient::circuitOpen);
    }

    private static FranceTravailUnavailable circuitOpen(Exception e) {
        return new FranceTravailUnavailable("CIRCUIT_OPEN", "France Travail circuit breaker is open", null, e);
    }

    /** CLOSED, OPEN, HALF_OPEN… */
    public String circuitState() {
        return guard.state();
    }

    /** 429 answers received since start. */
    public long rateLimitedCount() {
        return rateLimited.get();
    }

    /** API calls made since start (look-up retries and the new try after a 401 included). */
    public long callCount() {
        return calls.get();
    }

    private <T> T attempt(String path, Object body, Class<T> answerType) {
        HttpResponse<byte[]> response = send(path, body);
        if (response.statusCode() == 401) {
            // §3.2: the cached token may have been revoked: one more try with a fresh one (a request refused for its
            // token was not processed, so even maj-pass-iae may be sent again)
            tokens.drop();
            response = send(path, body);
        }
        int status = response.statusCode();
        if (status == 429) {
            Duration wait = retryAfter(response).orElse(settings.defaultRetryAfter());
            pausedUntil.accumulateAndGet(System.nanoTime() + wait.toNanos(), Math::max);
            rateLimited.incrementAndGet();
            throw new FranceTravailUnavailable("HTTP_429", "France Travail rate limit: retry after " + wait.toSeconds() + " s",
                    wait, null);
        }
        if (status == 204) {
            throw new FranceTravailUnavailable("HTTP_204", "France Travail answered 204 without a body");
        }
        if (status >= 500 && status <= 599) {
            throw FranceTravailUnavailable.outcomeUnknown("HTTP_" + status, "France Travail answered " + status, null);
        }
        if (status != 200 && status != 206) {
            throw new FranceTravailUnavailable("HTTP_" + status, "France Travail answered " + status);
        }
        try {
            T answer = json.readValue(response.body(), answerType);
            if (answer == null) {
                throw new FranceTravailUnavailable("MALFORMED", "France Travail answered an empty body");
            }
            return answer;
        } catch (IOException e) {
            throw new FranceTravailUnavailable("MALFORMED", "France Travail answered a malformed body", null, e);
        }
    }

    private HttpResponse<byte[]> send(String path, Object body) {
        byte[] content;
        try {
            content = json.writeValueAsBytes(body);
        } catch (JsonProcessingException e) {
            throw new IllegalArgumentException("no JSON for a " + body.getClass().getSimpleName(), e);
        }
        String authorization = tokens.header();
        pace.acquirePermission();
        waitForPause();
        calls.incrementAndGet();
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.apiBaseUrl().toString() + path))
                    .timeout(settings.timeout())
                    .header("Authorization", authorization)
                    .header("Content-Type", "application/json")
                    .header("Accept", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofByteArray(content))
                    .build();
            long start = System.nanoTime();
            HttpResponse<byte[]> response;
            try {
                response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            } catch (HttpConnectTimeoutException | ConnectException e) {
                throw e;
            } catch (IOException e) {
                // sent, maybe acted on, not answered
                tap.exchanged("POST", path, content, 0, new byte[0]);
                throw e;
            } finally {
                latency.accept(Duration.ofNanos(System.nanoTime() - start));
            }
            tap.exchanged("POST", path, content, response.statusCode(), response.body());
            return response;
        } catch (HttpConnectTimeoutException | ConnectException e) {
            // no connection, no request: France Travail cannot have acted on it
            throw new FranceTravailUnavailable("NETWORK", "France Travail unreachable: " + e.getClass().getSimpleName(), null, e);
        } catch (HttpTimeoutException e) {
            throw FranceTravailUnavailable.outcomeUnknown("TIMEOUT", "France Travail did not answer within " + settings.timeout(), e);
        } catch (IOException e) {
            throw FranceTravailUnavailable.outcomeUnknown("NETWORK", "France Travail exchange broken: " + e.getClass().getSimpleName(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            // the hub stopping while the request was out: as unknown as a timeout
            throw FranceTravailUnavailable.outcomeUnknown("INTERRUPTED", "interrupted", e);
        }
    }

    private void waitForPause() {
        long wait;
        while ((wait = pausedUntil.get() - System.nanoTime()) > 0) {
            try {
                Thread.sleep(Math.max(1, wait / 1_000_000));
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new FranceTravailUnavailable("INTERRUPTED", "interrupted", null, e);
            }
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
