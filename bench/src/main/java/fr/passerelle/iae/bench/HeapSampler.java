package fr.passerelle.iae.bench;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** Samples the hub's used heap every 200 ms from {@code /actuator/metrics/jvm.memory.used?tag=area:heap}. */
final class HeapSampler {
    private final Hub hub;
    private final AtomicLong peak = new AtomicLong();
    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();
    private volatile boolean running = true;
    private Thread thread;

    HeapSampler(Hub hub) {
        this.hub = hub;
    }

    void start() {
        thread = new Thread(() -> {
            HttpRequest request;
            try {
                request = HttpRequest.newBuilder(hub.uri("/actuator/metrics/jvm.memory.used?tag=area:heap"))
                        .header("Authorization", "Bearer " + hub.apiKey()).GET().build();
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            while (running) {
                try {
                    JsonNode body = json.readTree(http.send(request, HttpResponse.BodyHandlers.ofString()).body());
                    peak.accumulateAndGet((long) body.get("measurements").get(0).get("value").asDouble(), Math::max);
                    Thread.sleep(200);
                } catch (InterruptedException e) {
                    return;
                } catch (Exception e) {
                    Bench.note("heap sample failed: " + e);
                }
            }
        }, "heap-sampler");
        thread.setDaemon(true);
        thread.start();
    }

    void stop() throws InterruptedException {
        running = false;
        thread.join(2000);
    }

    long peakBytes() {
        return peak.get();
    }
}
