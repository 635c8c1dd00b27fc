package fr.passerelle.iae.routes.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.lang.management.ManagementFactory;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.routes.HubTestSupport;

/**
 * Bodies of 1 GB sent to the API, as an attacker or a broken client would, over raw sockets: each is refused before
 * it is read (401 without a key, 413 with one), in well under a second, and the hub's heap does not grow with them.
 */
class HugeBodiesTest extends HubTestSupport {

    private static final long GIGABYTE = 1L << 30;

    /** What one client saw: the status line, and how long it waited for it after its headers were sent. */
    private record Refusal(int status, Duration waited) {
    }

    /**
     * Sends the headers, then writes the body in 64 KB chunks (up to 1 GB) while another thread waits for the answer;
     * stops writing as soon as it comes.
     */
    private Refusal send(String headers, boolean chunked) throws Exception {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            socket.setSoTimeout(30_000);
            OutputStream out = socket.getOutputStream();
            out.write(headers.getBytes(StandardCharsets.US_ASCII));
            out.flush();
            long start = System.nanoTime();
            Thread writer = new Thread(() -> {
                byte[] chunk = new byte[64 * 1024];
                java.util.Arrays.fill(chunk, (byte) ' ');
                byte[] size = (Integer.toHexString(chunk.length) + "\r\n").getBytes(StandardCharsets.US_ASCII);
                try {
                    for (long sent = 0; sent < GIGABYTE && !Thread.currentThread().isInterrupted(); sent += chunk.length) {
                        if (chunked) {
                            out.write(size);
                        }
                        out.write(chunk);
                        if (chunked) {
                            out.write("\r\n".getBytes(StandardCharsets.US_ASCII));
                        }
                    }
                } catch (IOException e) {
                    // the hub closed the connection: what a refusal does
                }
            });
            writer.start();
            BufferedReader in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.US_ASCII));
            String statusLine = in.readLine();
            Duration waited = Duration.ofNanos(System.nanoTime() - start);
            writer.interrupt();
            socket.close();
            writer.join(10_000);
            assertThat(statusLine).as("an answer before the body ends").isNotNull();
            return new Refusal(Integer.parseInt(statusLine.split(" ")[1]), waited);
        }
    }

    private static String post(String key, String length) {
        return "POST /api/v1/passes HTTP/1.1\r\nHost: 127.0.0.1\r\nContent-Type: application/json\r\nIdempotency-Key: huge-1\r\n"
                + (key == null ? "" : "Authorization: Bearer " + key + "\r\n")
                + (length == null ? "Transfer-Encoding: chunked\r\n" : "Content-Length: " + length + "\r\n") + "\r\n";
    }

    private static long usedHeapAfterGc() {
        System.gc();
        return ManagementFactory.getMemoryMXBean().getHeapMemoryUsage().getUsed();
    }

    @Test
    void API_FORMAT_four_concurrent_unauthenticated_1_GB_bodies_are_refused_at_once_without_growing_the_heap() throws Exception {
        long before = usedHeapAfterGc();
        ExecutorService clients = Executors.newFixedThreadPool(4);
        List<Future<Refusal>> sent = new ArrayList<>();
        for (int i = 0; i < 4; i++) {
            boolean chunked = i % 2 == 0;
            sent.add(clients.submit(() -> send(post(null, chunked ? null : Long.toString(GIGABYTE)), chunked)));
        }
        List<Refusal> refusals = new ArrayList<>();
        for (Future<Refusal> refusal : sent) {
            refusals.add(refusal.get(60, TimeUnit.SECONDS));
        }
        clients.shutdown();
        long growth = usedHeapAfterGc() - before;

        for (Refusal refusal : refusals) {
            assertThat(refusal.status()).isEqualTo(401);
            assertThat(refusal.waited()).isLessThan(Duration.ofSeconds(1));
        }
        assertThat(growth).as("heap growth in bytes").isLessThan(50L * 1024 * 1024);
        assertThat(get("/api/v1/openapi.json", null).status()).as("the hub still serves").isEqualTo(200);
    }

    @Test
    void API_FORMAT_a_1_GB_body_with_a_valid_key_is_refused_413_declared_or_chunked() throws Exception {
        String key = fullKey();

        Refusal declared = send(post(key, Long.toString(GIGABYTE)), false);
        Refusal chunked = send(post(key, null), true);

        assertThat(declared.status()).isEqualTo(413);
        assertThat(declared.waited()).isLessThan(Duration.ofSeconds(1));
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(chunked.waited()).isLessThan(Duration.ofSeconds(1));
    }
}
