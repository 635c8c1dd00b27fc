package fr.passerelle.iae.bench;

import static fr.passerelle.iae.bench.Bench.*;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.concurrent.atomic.LongAdder;

/**
 * Issuance benchmark (see bench/README.md). Starts the packaged hub as a child process, measures
 * {@code POST /api/v1/passes} with N concurrent synchronous HTTP clients for a fixed time, then, as the reference, the
 * raw commit rate of single-row autocommit INSERTs into the hub's own PostgreSQL with the same concurrency. Only
 * measures and prints; never asserts on the targets.
 *
 * <p>System properties: {@code bench.durationSeconds} (20), {@code bench.warmupSeconds} (30, issuance),
 * {@code bench.insertWarmupSeconds} (5), {@code bench.threads}
 * (16), {@code bench.readyTimeoutSeconds} (180), {@code bench.hubJar} (routes/target/passerelle-iae.jar),
 * {@code bench.hubJvmArgs} (extra JVM options for the hub, space-separated), {@code bench.keepHome} (false).
 */
public final class IssuanceBench {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private IssuanceBench() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("bench.durationSeconds", 20));
        // the hub's JIT needs tens of seconds under load on 2 cores: 5 s of warm-up gave ~30% less than 45 s
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 30));
        Duration insertWarmup = Duration.ofSeconds(Long.getLong("bench.insertWarmupSeconds", 5));
        int threads = Integer.getInteger("bench.threads", 16);
        Duration readyTimeout = Duration.ofSeconds(Long.getLong("bench.readyTimeoutSeconds", 180));
        boolean keepHome = Boolean.getBoolean("bench.keepHome");
        List<String> hubJvmArgs = splitArgs(System.getProperty("bench.hubJvmArgs", ""));

        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()))
                .toAbsolutePath().normalize();
        Path target = root.resolve("bench/target");
        Files.createDirectories(target);
        String run = "issuance-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path home = target.resolve(run);
        for (int i = 2; Files.exists(home); i++) {
            home = target.resolve(run + "-" + i);
        }
        Path log = target.resolve(home.getFileName() + "-hub.log");

        note("starting the hub " + jar + " (PASSERELLE_HOME " + home + ", log " + log + ")");
        try (Hub hub = Hub.start(jar, home, log, hubJvmArgs)) {
            hub.deleteHomeWhenStopped(!keepHome);
            long startedAt = System.nanoTime();
            hub.awaitReady(readyTimeout);
            note(String.format(Locale.ROOT, "hub ready after %.1f s on %s; postgres pid %s", seconds(System.nanoTime() - startedAt),
                    hub.uri(""), hub.postgres().map(p -> Long.toString(p.pid())).orElse("not found")));
            CpuMeter cpu = new CpuMeter(hub);

            // --- issuance through HTTP
            Issuance issuance = new Issuance(hub.uri("/api/v1/passes"), hub.apiKey(), LocalDate.now(PARIS));
            note("issuance warm-up " + warmup.toSeconds() + " s, " + threads + " clients");
            Phase.Result warm = Phase.run(threads, warmup, i -> issuance::issueOne);
            note("warm-up: " + warm.summary());
            note("issuance measurement " + duration.toSeconds() + " s, " + threads + " clients");
            CpuMeter.Sample before = cpu.sample();
            Phase.Result issued = Phase.run(threads, duration, i -> issuance::issueOne);
            note("issuance cpu: " + CpuMeter.describe(before, cpu.sample()));
            note("issuance: " + issued.summary());
            double issuancePerSecond = issued.perSecond();
            out("issuance.per_s: " + format(issuancePerSecond, 0));
            out("issuance.p50_ms: " + format(issued.percentileMillis(0.50), 1));
            out("issuance.p99_ms: " + format(issued.percentileMillis(0.99), 1));
            out("issuance.errors: " + issued.errors());
            issued.reportErrors("issuance");

            // --- reference: single-row autocommit INSERTs into the same PostgreSQL
            Properties endpoints = hub.endpoints();
            String url = endpoints.getProperty("spring.datasource.url");
            if (url == null || !(url.contains("//127.0.0.1:") || url.contains("//localhost:"))) {
                throw new IllegalStateException("unexpected embedded PostgreSQL URL: " + url);
            }
            try (Inserts inserts = Inserts.open(url, endpoints.getProperty("spring.datasource.username"),
                    endpoints.getProperty("spring.datasource.password"), threads)) {
                note("insert warm-up " + insertWarmup.toSeconds() + " s, " + threads + " connections");
                Phase.Result insertWarm = Phase.run(threads, insertWarmup, inserts::step);
                note("warm-up: " + insertWarm.summary());
                note("insert measurement " + duration.toSeconds() + " s, " + threads + " connections");
                before = cpu.sample();
                Phase.Result inserted = Phase.run(threads, duration, inserts::step);
                note("insert cpu: " + CpuMeter.describe(before, cpu.sample()));
                note("insert: " + inserted.summary());
                inserted.reportErrors("insert");
                double insertPerSecond = inserted.perSecond();
                out("insert.per_s: " + format(insertPerSecond, 0));
                out("issuance.ratio_vs_insert: " + format(insertPerSecond > 0 ? issuancePerSecond / insertPerSecond : 0, 2));
            }
            note("stopping the hub");
        }
    }

    /** One synchronous issuance per call, a different person each time. */
    private static final class Issuance {
        private final HttpClient client = HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
        private final AtomicLong people = new AtomicLong();
        private final String runId = Long.toString(System.currentTimeMillis(), 36);
        private final URI uri;
        private final String authorization;
        private final LocalDate today;

        Issuance(URI uri, String apiKey, LocalDate today) {
            this.uri = uri;
            this.authorization = "Bearer " + apiKey;
            this.today = today;
        }

        Phase.Outcome issueOne() throws Exception {
            long n = people.getAndIncrement();
            HttpRequest request = HttpRequest.newBuilder(uri)
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Idempotency-Key", "bench-" + runId + "-" + n)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Persons.issuanceBody(n, today)))
                    .build();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            return answer.statusCode() == 201 ? Phase.Outcome.OK
                    : Phase.Outcome.error("HTTP " + answer.statusCode(), answer.body());
        }
    }

    /** The reference: each client has its own connection, autocommit, one row per INSERT (= one commit). */
    private static final class Inserts implements AutoCloseable {
        private static final String PAYLOAD = "x".repeat(100);
        private final List<Connection> connections = new ArrayList<>();
        private final List<PreparedStatement> statements = new ArrayList<>();

        static Inserts open(String url, String user, String password, int clients) throws SQLException {
            Inserts inserts = new Inserts();
            try {
                Connection admin = DriverManager.getConnection(url, user, password);
                inserts.connections.add(admin);
                try (Statement ddl = admin.createStatement()) {
                    StringBuilder settings = new StringBuilder();
                    for (String setting : List.of("server_version", "fsync", "synchronous_commit", "wal_sync_method",
                            "shared_buffers", "max_connections")) {
                        try (var rs = ddl.executeQuery("show " + setting)) {
                            rs.next();
                            settings.append(settings.length() == 0 ? "" : ", ").append(setting).append('=').append(rs.getString(1));
                        }
                    }
                    note("postgres: " + settings);
                    ddl.execute("drop table if exists bench_insert");
                    ddl.execute("create table bench_insert(id bigserial primary key, payload text)");
                }
                for (int i = 0; i < clients; i++) {
                    Connection connection = DriverManager.getConnection(url, user, password);
                    connection.setAutoCommit(true);
                    inserts.connections.add(connection);
                    inserts.statements.add(connection.prepareStatement("insert into bench_insert(payload) values (?)"));
                }
                return inserts;
            } catch (SQLException | RuntimeException e) {
                inserts.close();
                throw e;
            }
        }

        Phase.Step step(int client) {
            PreparedStatement insert = statements.get(client);
            return () -> {
                insert.setString(1, PAYLOAD);
                insert.executeUpdate();
                return Phase.Outcome.OK;
            };
        }

        @Override
        public void close() {
            if (!connections.isEmpty()) {
                try (Statement ddl = connections.get(0).createStatement()) {
                    ddl.execute("drop table if exists bench_insert");
                } catch (SQLException e) {
                    note("could not drop bench_insert: " + e.getMessage());
                }
            }
            for (Connection connection : connections) {
                try {
                    connection.close();
                } catch (SQLException e) {
                    // closing anyway
                }
            }
        }
    }

    /** A fixed-duration closed loop: every client repeats its step, synchronously, until the deadline. */
    static final class Phase {

        interface Step {
            Outcome call() throws Exception;
        }

        interface Steps {
            Step forClient(int client);
        }

        record Outcome(boolean ok, String kind, String detail) {
            static final Outcome OK = new Outcome(true, null, null);

            static Outcome error(String kind, String detail) {
                return new Outcome(false, kind, detail);
            }
        }

        record Result(long ok, long errors, long elapsedNanos, long[] latencies, Map<String, Long> errorKinds,
                      String firstError) {

            double perSecond() {
                return elapsedNanos == 0 ? 0 : ok * 1e9 / elapsedNanos;
            }

            /** Nearest-rank percentile of the successful calls' latencies; NaN when none succeeded. */
            double percentileMillis(double q) {
                if (latencies.length == 0) {
                    return Double.NaN;
                }
                int rank = (int) Math.ceil(q * latencies.length);
                return latencies[Math.max(0, Math.min(latencies.length - 1, rank - 1))] / 1e6;
            }

            String summary() {
                return String.format(Locale.ROOT, "%d ok, %d errors in %.2f s (%.0f/s, p50 %.1f ms, p99 %.1f ms, max %.1f ms)",
                        ok, errors, seconds(elapsedNanos), perSecond(), percentileMillis(0.5), percentileMillis(0.99),
                        percentileMillis(1.0));
            }

            void reportErrors(String what) {
                if (errors > 0) {
                    note(what + " errors by kind: " + errorKinds);
                    note(what + " first error: " + firstError);
                }
            }
        }

        static Result run(int clients, Duration duration, Steps steps) throws InterruptedException {
            CountDownLatch ready = new CountDownLatch(clients);
            CountDownLatch go = new CountDownLatch(1);
            long[] deadline = new long[1];
            long[][] latencies = new long[clients][];
            int[] counts = new int[clients];
            long[] errors = new long[clients];
            Map<String, LongAdder> errorKinds = new ConcurrentHashMap<>();
            AtomicReference<String> firstError = new AtomicReference<>();
            Thread[] threads = new Thread[clients];
            for (int c = 0; c < clients; c++) {
                int client = c;
                Step step = steps.forClient(client);
                threads[c] = new Thread(() -> {
                    long[] mine = new long[4096];
                    int count = 0;
                    long failed = 0;
                    ready.countDown();
                    try {
                        go.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    long end = deadline[0];
                    while (System.nanoTime() < end && !Thread.currentThread().isInterrupted()) {
                        long t0 = System.nanoTime();
                        Outcome outcome;
                        try {
                            outcome = step.call();
                        } catch (InterruptedException e) {
                            break;
                        } catch (Exception e) {
                            outcome = Outcome.error(e.getClass().getSimpleName(), String.valueOf(e.getMessage()));
                        }
                        long latency = System.nanoTime() - t0;
                        if (outcome.ok()) {
                            if (count == mine.length) {
                                mine = Arrays.copyOf(mine, count * 2);
                            }
                            mine[count++] = latency;
                        } else {
                            failed++;
                            errorKinds.computeIfAbsent(outcome.kind(), k -> new LongAdder()).increment();
                            firstError.compareAndSet(null, outcome.kind() + ": " + outcome.detail());
                        }
                    }
                    latencies[client] = mine;
                    counts[client] = count;
                    errors[client] = failed;
                }, "bench-client-" + c);
                threads[c].start();
            }
            ready.await();
            long start = System.nanoTime();
            deadline[0] = start + duration.toNanos();
            go.countDown();
            long joinBy = deadline[0] + Duration.ofSeconds(60).toNanos();
            for (Thread thread : threads) {
                thread.join(Math.max(1, (joinBy - System.nanoTime()) / 1_000_000));
            }
            for (Thread thread : threads) {
                if (thread.isAlive()) {
                    thread.interrupt();
                    thread.join(10_000);
                }
            }
            long elapsed = System.nanoTime() - start;
            long ok = 0;
            long failed = 0;
            for (int c = 0; c < clients; c++) {
                ok += counts[c];
                failed += errors[c];
            }
            long[] all = new long[(int) ok];
            int at = 0;
            for (int c = 0; c < clients; c++) {
                if (latencies[c] != null) {
                    System.arraycopy(latencies[c], 0, all, at, counts[c]);
                    at += counts[c];
                }
            }
            Arrays.sort(all, 0, at);
            Map<String, Long> kinds = new TreeMap<>();
            errorKinds.forEach((kind, count) -> kinds.put(kind, count.sum()));
            return new Result(ok, failed, elapsed, Arrays.copyOf(all, at), kinds, firstError.get());
        }
    }

}
