package fr.passerelle.iae.routes.faults;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicReference;

import org.awaitility.Awaitility;

import fr.passerelle.iae.routes.ChildHub;

/** A client of one node's REST API, with the demo key. */
final class HubApi {

    private final ChildHub node;
    private final String key;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(3)).build();

    HubApi(ChildHub node) throws IOException {
        this.node = node;
        this.key = node.apiKey();
    }

    /**
     * An answer, or empty when the node could not be reached, dropped the connection or said it is not ready yet
     * ({@code 503} with {@code Retry-After}, while it starts or stops): no answer of the hub to the request itself.
     */
    Optional<HttpResponse<String>> post(String path, String idempotencyKey, byte[] body) {
        return send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                .header("Idempotency-Key", idempotencyKey).POST(HttpRequest.BodyPublishers.ofByteArray(body)).build());
    }

    /** The answer to a GET, or empty as for {@link #post}. */
    Optional<HttpResponse<String>> get(String path) {
        return send(HttpRequest.newBuilder(node.uri(path)).timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + key).GET().build());
    }

    private Optional<HttpResponse<String>> send(HttpRequest request) {
        try {
            HttpResponse<String> answer = http.send(request, HttpResponse.BodyHandlers.ofString());
            boolean notReady = answer.statusCode() == 503 && answer.headers().firstValue("Retry-After").isPresent();
            return notReady ? Optional.empty() : Optional.of(answer);
        } catch (IOException e) {
            return Optional.empty();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    /**
     * Posts until the node answers, as a client that lost its connection does: again with the same idempotency key
     * (API.md), which replays the first answer if the first attempt was applied.
     */
    HttpResponse<String> postUntilAnswered(String path, String idempotencyKey, byte[] body, Duration atMost) {
        AtomicReference<HttpResponse<String>> answer = new AtomicReference<>();
        Awaitility.await("an answer to " + path).atMost(atMost).pollDelay(Duration.ZERO).pollInterval(Duration.ofMillis(250))
                .until(() -> post(path, idempotencyKey, body).map(a -> {
                    answer.set(a);
                    return true;
                }).orElse(false));
        return answer.get();
    }

    /**
     * Runs a scheduled flow now ({@code 202} with the run's address) and follows the run until it ends; the answer to
     * the start when it is not a 202.
     */
    HttpResponse<String> runToEnd(String flow, Duration atMost) {
        HttpResponse<String> started = postUntilAnswered("/api/v1/ops/flows/" + flow + "/run", "fault-run-" + java.util.UUID.randomUUID(),
                "{}".getBytes(), atMost);
        if (started.statusCode() != 202) {
            return started;
        }
        String run = started.headers().firstValue("Location").orElseThrow();
        AtomicReference<HttpResponse<String>> ended = new AtomicReference<>();
        Awaitility.await("the end of " + run).atMost(atMost).pollInterval(Duration.ofMillis(250))
                .until(() -> get(run).filter(a -> a.statusCode() != 200 || !a.body().contains("\"state\":\"RUNNING\"")).map(a -> {
                    ended.set(a);
                    return true;
                }).orElse(false));
        return ended.get();
    }
}
