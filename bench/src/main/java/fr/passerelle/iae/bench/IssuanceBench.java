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
 * <p>System properties: {@code bench.durationSeconds} (20), {@code bench.warmupSeconds} (30, issuance: the least
 * warm-up, longer until the hub's JIT compilers go quiet), {@code bench.warmupMaxSeconds} (420),
 * {@code bench.insertWarmupSeconds} (5), {@code bench.threads}
 * (16), {@code bench.readyTimeoutSeconds} (180), {@code bench.hubJar} (routes/target/passerelle-iae.jar),
 * {@code bench.hubJvmArgs} (extra JVM options for the hub, space-separated), {@code bench.keepHome} (false).
 */
public final class IssuanceBench {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    // twice the sealer's period (5 s): its batch from the window before is written in the pause
    private static final Duration SETTLE = Duration.ofSeconds(10);
    private static final Duration WARMUP_SLICE = Duration.ofSeconds(10);
    // the share of a core that the compilers may still take in a warm-up slice of a hub deemed warm
    private static final double QUIET_COMPILERS = 0.05;

    private IssuanceBench() {
    }

    public static void main(String[] args) throws Exception {
        Duration duration = Duration.ofSeconds(Long.getLong("bench.durationSeconds", 20));
        // the hub's JIT needs minutes under load on 2 cores: its compilers share the cores with the load, and the
        // request path's largest methods got their final compilation 3 to 6 minutes after the start (JFR, 2026-12-06)
        Duration warmup = Duration.ofSeconds(Long.getLong("bench.warmupSeconds", 30));
        Duration warmupMost = Duration.ofSeconds(Long.getLong("bench.warmupMaxSeconds", 420));
        Duration insertWarmup = Duration.ofSeconds(Long.getLong("bench.insertWarmupSeconds", 5));
        int threads = Integer.getInteger("bench.threads", 16);
        int rounds = Integer.getInteger("bench.rounds", 6);
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

        // what the evidence costs (issue 20): the same issuance on a hub of its own with the evidence journal off, both
        // hubs up at once and measured in turn (off, on, on, off), so that a drift of the shared machine over the run
        // weighs on both alike; the daily verification, which re-reads the whole journal, is put off past the run
        List<String> common = new ArrayList<>(hubJvmArgs);
        common.add("-Dpasserelle.evidence.verify-delay-ms=86400000");
        List<String> evidenceOff = new ArrayList<>(common);
        evidenceOff.add("-Dpasserelle.evidence.enabled=false");
        Path offHome = target.resolve(home.getFileName() + "-evidence-off");
        note("starting the hub with the evidence journal off (PASSERELLE_HOME " + offHome + ")");
        try (Hub off = Hub.start(jar, offHome, target.resolve(offHome.getFileName() + "-hub.log"), evidenceOff)) {
            off.deleteHomeWhenStopped(!keepHome);
            // one after the other: two embedded defaults starting at once race for the same free ports
            off.awaitReady(readyTimeout);
            note("starting the hub " + jar + " (PASSERELLE_HOME " + home + ", log " + log + ")");
            try (Hub hub = Hub.start(jar, home, log, common)) {
                hub.deleteHomeWhenStopped(!keepHome);
                long startedAt = System.nanoTime();
                hub.awaitReady(readyTimeout);
                note(String.format(Locale.ROOT, "hub ready after %.1f s on %s; postgres pid %s", seconds(System.nanoTime() - startedAt),
                        hub.uri(""), hub.postgres().map(p -> Long.toString(p.pid())).orElse("not found")));
                CpuMeter cpu = new CpuMeter(hub);
                CpuMeter offCpu = new CpuMeter(off);

                // the rows of every table before the issuance: their growth over it, per PASS issued, is what one issuance writes
                Hub.Database database = hub.database();
                String url = database.url();
                if (url == null || !(url.contains("//127.0.0.1:") || url.contains("//localhost:"))) {
                    throw new IllegalStateException("unexpected embedded PostgreSQL URL: " + url);
                }
                String user = database.user();
                String password = database.password();
                Map<String, Long> rowsBefore = TableRows.count(url, user, password);

                // --- issuance through HTTP
                Issuance offIssuance = new Issuance(off.uri("/api/v1/passes"), off.apiKey(), LocalDate.now(PARIS));
                Issuance issuance = new Issuance(hub.uri("/api/v1/passes"), hub.apiKey(), LocalDate.now(PARIS));
                note("issuance warm-up on each hub, " + threads + " clients, in slices of " + WARMUP_SLICE.toSeconds()
                        + " s: at least " + warmup.toSeconds() + " s, then until its JIT compilers go quiet (at most "
                        + warmupMost.toSeconds() + " s)");
                off.pause();
                long onWarm = warmUp("evidence on", cpu, threads, warmup, warmupMost, i -> issuance::issueOne);
                hub.pause();
                off.resume();
                long offWarm = warmUp("evidence off", offCpu, threads, warmup, warmupMost, i -> offIssuance::issueOne);
                // the hub warmed for less has issued fewer PASS: it issues the difference, so that both are measured on
                // registries of the same size (a registry 60,000 PASS larger is slower to write into, evidence or not)
                if (offWarm < onWarm) {
                    offWarm += catchUp("evidence off", threads, onWarm - offWarm, i -> offIssuance::issueOne);
                } else if (onWarm < offWarm) {
                    off.pause();
                    hub.resume();
                    onWarm += catchUp("evidence on", threads, offWarm - onWarm, i -> issuance::issueOne);
                    hub.pause();
                    off.resume();
                }
                note("PASS issued before the measurement: evidence off " + offWarm + ", evidence on " + onWarm);
                Duration window = duration.dividedBy(2);
                boolean[] windows = new boolean[4 * rounds];
                for (int w = 0; w < windows.length; w++) {
                    windows[w] = w % 4 == 1 || w % 4 == 2;
                }
                note("issuance measurement " + duration.toSeconds() * rounds + " s on each hub, " + threads + " clients, in windows of "
                        + window.toMillis() + " ms: " + rounds + " x (off, on, on, off); the other hub frozen meanwhile");
                Phase.Result offIssued = null;
                Phase.Result issued = null;
                Hub running = off;
                for (boolean evidence : windows) {
                    Hub measured = evidence ? hub : off;
                    if (measured != running) {
                        running.pause();
                        measured.resume();
                        running = measured;
                    }
                    // the sealer's last batch, the answers of the window before or the timers missed while frozen
                    Thread.sleep(SETTLE.toMillis());
                    CpuMeter meter = evidence ? cpu : offCpu;
                    CpuMeter.Sample before = meter.sample();
                    Phase.Result result = Phase.run(threads, window, i -> evidence ? issuance::issueOne : offIssuance::issueOne);
                    note((evidence ? "window, evidence on: " : "window, evidence off: ") + result.summary() + "; cpu "
                            + CpuMeter.describe(before, meter.sample()));
                    if (evidence) {
                        issued = issued == null ? result : issued.plus(result);
                    } else {
                        offIssued = offIssued == null ? result : offIssued.plus(result);
                    }
                }
                hub.resume();
                note("evidence off: " + offIssued.summary());
                double offPerSecond = offIssued.perSecond();
                out("issuance.evidence_off.per_s: " + format(offPerSecond, 0));
                out("issuance.evidence_off.p99_ms: " + format(offIssued.percentileMillis(0.99), 1));
                out("issuance.evidence_off.errors: " + offIssued.errors());
                offIssued.reportErrors("issuance, evidence off");
                off.close();

                note("issuance: " + issued.summary());
                double issuancePerSecond = issued.perSecond();
                out("issuance.per_s: " + format(issuancePerSecond, 0));
                out("issuance.p50_ms: " + format(issued.percentileMillis(0.50), 1));
                out("issuance.p99_ms: " + format(issued.percentileMillis(0.99), 1));
                out("issuance.errors: " + issued.errors());
                issued.reportErrors("issuance");
                out("issuance.evidence_on_vs_off: " + format(offPerSecond > 0 ? issuancePerSecond / offPerSecond : 0, 3));

                List<TableRows.Written> written = TableRows.writtenPerIssuance(url, user, password, rowsBefore);

                // --- reference: single-row autocommit INSERTs into the same PostgreSQL
                try (Inserts inserts = Inserts.open(url, user, password, threads)) {
                    double insertPerSecond = reference("insert", inserts::step, threads, insertWarmup, duration, cpu);
                    out("insert.per_s: " + format(insertPerSecond, 0));
                    out("issuance.ratio_vs_insert: " + format(insertPerSecond > 0 ? issuancePerSecond / insertPerSecond : 0, 2));
                }

                // --- reference: the irreducible database work of one issuance, one transaction writing the same rows
                try (MinTransactions minTx = MinTransactions.open(url, user, password, threads, written)) {
                    double minTxPerSecond = reference("min_tx", minTx::step, threads, insertWarmup, duration, cpu);
                    out("min_tx.per_s: " + format(minTxPerSecond, 0));
                    out("issuance.ratio_vs_min_tx: " + format(minTxPerSecond > 0 ? issuancePerSecond / minTxPerSecond : 0, 2));
                }
                note("stopping the hub");
            }
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

    /** Row counts of the hub's tables, and what the issuance measurement (warm-up included) added to them. */
    static final class TableRows {

        /** A table the issuances wrote to: rows per PASS issued, and the average width of its rows (bytes). */
        record Written(String table, long rows, double perIssuance, int width) {
        }

        static Map<String, Long> count(String url, String user, String password) throws SQLException {
            Map<String, Long> rows = new TreeMap<>();
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement sql = connection.createStatement()) {
                List<String> tables = new ArrayList<>();
                try (var rs = sql.executeQuery("select quote_ident(schemaname) || '.' || quote_ident(relname) from pg_stat_user_tables "
                        + "where relname not like 'bench\\_%' and relname <> 'flyway_schema_history' order by 1")) {
                    while (rs.next()) {
                        tables.add(rs.getString(1));
                    }
                }
                for (String table : tables) {
                    try (var rs = sql.executeQuery("select count(*) from " + table)) {
                        rs.next();
                        rows.put(table, rs.getLong(1));
                    }
                }
            }
            return rows;
        }

        /**
         * The tables that grew since {@code before}, with their growth divided by the PASS issued meanwhile (the
         * issuance writes no other table's rows away: nothing on its path deletes). Rows per issuance on stderr.
         */
        static List<Written> writtenPerIssuance(String url, String user, String password, Map<String, Long> before)
                throws SQLException {
            Map<String, Long> after = count(url, user, password);
            long issued = after.getOrDefault("public.pass", 0L) - before.getOrDefault("public.pass", 0L);
            List<Written> written = new ArrayList<>();
            if (issued <= 0) {
                note("rows per issuance: no PASS issued, the min_tx reference writes nothing");
                return written;
            }
            StringBuilder detail = new StringBuilder();
            StringBuilder others = new StringBuilder();
            double total = 0;
            try (Connection connection = DriverManager.getConnection(url, user, password);
                 Statement sql = connection.createStatement()) {
                for (Map.Entry<String, Long> table : after.entrySet()) {
                    long grown = table.getValue() - before.getOrDefault(table.getKey(), 0L);
                    if (grown <= 0) {
                        continue;
                    }
                    int width;
                    try (var rs = sql.executeQuery("select coalesce(avg(pg_column_size(t.*)), 0) from " + table.getKey() + " t")) {
                        rs.next();
                        width = (int) Math.round(rs.getDouble(1));
                    }
                    double per = (double) grown / issued;
                    total += per;
                    written.add(new Written(table.getKey(), grown, per, width));
                    if (per < 0.005) {   // the hub's own background work (leases, imports at start): not the issuance's
                        others.append(others.length() == 0 ? "" : ", ").append(table.getKey()).append(' ').append(grown);
                        continue;
                    }
                    detail.append(String.format(Locale.ROOT, "%s%s %.2f (%d B)", detail.length() == 0 ? "" : ", ",
                            table.getKey(), per, width));
                }
            }
            note(String.format(Locale.ROOT, "rows per issuance: %.2f over %d PASS issued (warm-up included): %s; other rows: %s",
                    total, issued, detail, others.length() == 0 ? "none" : others));
            return written;
        }
    }

    /**
     * The second reference: one transaction per "issuance" (one statement, then the commit: two round trips, the least
     * a client can do) inserting as many rows as one issuance wrote in each table, of the same average width, into
     * scratch tables with a primary key only (the hub's tables have more indexes).
     */
    private static final class MinTransactions implements AutoCloseable {
        private static final int ROW_HEADER = 24 + 8;   // tuple header and the bigserial id, counted in pg_column_size
        private final List<Connection> connections = new ArrayList<>();
        private final List<PreparedStatement> statements = new ArrayList<>();
        private final List<String> scratch = new ArrayList<>();
        private final List<String> parameters = new ArrayList<>();

        static MinTransactions open(String url, String user, String password, int clients, List<TableRows.Written> written)
                throws SQLException {
            MinTransactions min = new MinTransactions();
            try {
                Connection admin = DriverManager.getConnection(url, user, password);
                min.connections.add(admin);
                List<String> inserts = new ArrayList<>();
                try (Statement ddl = admin.createStatement()) {
                    for (int i = 0; i < written.size(); i++) {
                        TableRows.Written table = written.get(i);
                        int rows = (int) Math.round(table.perIssuance());
                        if (rows == 0) {
                            continue;
                        }
                        String name = "bench_min_tx_" + i;
                        ddl.execute("drop table if exists " + name);
                        ddl.execute("create table " + name + "(id bigserial primary key, payload text)");
                        min.scratch.add(name);
                        inserts.add("insert into " + name + "(payload) values " + String.join(", ", java.util.Collections.nCopies(rows, "(?)")));
                        for (int r = 0; r < rows; r++) {
                            min.parameters.add("x".repeat(Math.max(1, table.width() - ROW_HEADER)));
                        }
                    }
                }
                note("min_tx: one transaction of " + min.parameters.size() + " rows in " + min.scratch.size() + " tables");
                if (inserts.isEmpty()) {
                    return min;
                }
                // all the tables' rows in one statement, as the hub writes a new PASS's rows (data-modifying CTEs)
                StringBuilder sql = new StringBuilder();
                for (int i = 0; i < inserts.size() - 1; i++) {
                    sql.append(i == 0 ? "with " : ", ").append("t").append(i).append(" as (").append(inserts.get(i)).append(")");
                }
                sql.append(sql.length() == 0 ? "" : " ").append(inserts.get(inserts.size() - 1));
                for (int c = 0; c < clients; c++) {
                    Connection connection = DriverManager.getConnection(url, user, password);
                    connection.setAutoCommit(false);
                    min.connections.add(connection);
                    min.statements.add(connection.prepareStatement(sql.toString()));
                }
                return min;
            } catch (SQLException | RuntimeException e) {
                min.close();
                throw e;
            }
        }

        Phase.Step step(int client) {
            Connection connection = connections.get(Math.min(client + 1, connections.size() - 1));
            PreparedStatement insert = statements.isEmpty() ? null : statements.get(client);
            return () -> {
                if (insert == null) {
                    return Phase.Outcome.error("nothing to write", "no PASS was issued");
                }
                try {
                    for (int i = 0; i < parameters.size(); i++) {
                        insert.setString(i + 1, parameters.get(i));
                    }
                    insert.executeUpdate();
                    connection.commit();
                } catch (SQLException e) {
                    connection.rollback();
                    throw e;
                }
                return Phase.Outcome.OK;
            };
        }

        @Override
        public void close() {
            if (!connections.isEmpty()) {
                try (Statement ddl = connections.get(0).createStatement()) {
                    for (String name : scratch) {
                        ddl.execute("drop table if exists " + name);
                    }
                } catch (SQLException e) {
                    note("could not drop the min_tx tables: " + e.getMessage());
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

    /**
     * Runs the load on one hub in slices until at least {@code least} has passed and its JIT compiler threads took less
     * than {@link #QUIET_COMPILERS} of a core in the last slice, or until {@code most}: a hub measured while its compilers
     * still work is measured on its way up, and two hubs at different points of that way differ by more than 5 %.
     */
    private static long warmUp(String name, CpuMeter meter, int threads, Duration least, Duration most, Phase.Steps steps)
            throws InterruptedException {
        long start = System.nanoTime();
        long issued = 0;
        while (true) {
            long compilersBefore = meter.compilerNanos();
            CpuMeter.Sample before = meter.sample();
            Phase.Result slice = Phase.run(threads, WARMUP_SLICE, steps);
            issued += slice.ok();
            double compilers = (meter.compilerNanos() - compilersBefore) / (double) slice.elapsedNanos();
            Duration spent = Duration.ofNanos(System.nanoTime() - start);
            note(String.format(Locale.ROOT, "warm-up, %s, %d s: %s; JIT compilers %.1f%% of a core; cpu %s", name,
                    spent.toSeconds(), slice.summary(), compilers * 100, CpuMeter.describe(before, meter.sample())));
            if (compilersBefore < 0) {
                // no /proc to read the compilers from: the least warm-up is all there is
                if (spent.compareTo(least) >= 0) {
                    return issued;
                }
            } else if (spent.compareTo(least) >= 0 && compilers < QUIET_COMPILERS) {
                return issued;
            }
            if (spent.compareTo(most) >= 0) {
                note("warm-up, " + name + ": the JIT compilers were still busy after " + spent.toSeconds() + " s");
                return issued;
            }
        }
    }

    /** Runs the load on one hub in slices until it has issued {@code missing} more PASS; how many it issued. */
    private static long catchUp(String name, int threads, long missing, Phase.Steps steps) throws InterruptedException {
        long issued = 0;
        while (issued < missing) {
            Phase.Result slice = Phase.run(threads, WARMUP_SLICE, steps);
            issued += slice.ok();
            note("catching up, " + name + ": " + slice.summary() + "; " + issued + " of " + missing + " PASS");
            if (slice.ok() == 0) {
                throw new IllegalStateException("catching up, " + name + ": no PASS issued in " + WARMUP_SLICE.toSeconds() + " s");
            }
        }
        return issued;
    }

    /** A JDBC reference: warm-up, then the measured phase; its rate per second (its CPU and summary on stderr). */
    private static double reference(String name, Phase.Steps steps, int threads, Duration warmup, Duration duration, CpuMeter cpu)
            throws InterruptedException {
        note(name + " warm-up " + warmup.toSeconds() + " s, " + threads + " connections");
        note("warm-up: " + Phase.run(threads, warmup, steps).summary());
        note(name + " measurement " + duration.toSeconds() + " s, " + threads + " connections");
        CpuMeter.Sample before = cpu.sample();
        Phase.Result measured = Phase.run(threads, duration, steps);
        note(name + " cpu: " + CpuMeter.describe(before, cpu.sample()));
        note(name + ": " + measured.summary());
        measured.reportErrors(name);
        return measured.perSecond();
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

            /** Both measurements as one: their calls, errors and durations added up, their latencies merged. */
            Result plus(Result other) {
                long[] merged = Arrays.copyOf(latencies, latencies.length + other.latencies.length);
                System.arraycopy(other.latencies, 0, merged, latencies.length, other.latencies.length);
                Arrays.sort(merged);
                Map<String, Long> kinds = new TreeMap<>(errorKinds);
                other.errorKinds.forEach((kind, count) -> kinds.merge(kind, count, Long::sum));
                return new Result(ok + other.ok, errors + other.errors, elapsedNanos + other.elapsedNanos, merged, kinds,
                        firstError != null ? firstError : other.firstError);
            }

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
