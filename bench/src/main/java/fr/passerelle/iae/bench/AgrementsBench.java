package fr.passerelle.iae.bench;

import static fr.passerelle.iae.bench.Bench.*;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Reader;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.SplittableRandom;

import org.postgresql.PGConnection;

/**
 * France Travail benchmark, in one run against one hub (README "France Travail benchmark"):
 * (1) migration of a generated file of legacy agréments dropped in the SFTP drop box, with (2) a {@code COPY} of
 * the same file into a plain table of the same PostgreSQL as the reference, then (3) PASS notification
 * throughput against the embedded France Travail simulator, rate-limited at the pace the hub is configured for.
 */
public final class AgrementsBench {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private AgrementsBench() {
    }

    public static void main(String[] args) throws Exception {
        long rows = Long.getLong("bench.agrements.rows", 1_000_000);
        int notifications = Integer.getInteger("bench.notifications", 1000);
        double rate = Double.parseDouble(System.getProperty("bench.notifications.rate", "50"));
        Duration readyTimeout = Duration.ofSeconds(Long.getLong("bench.readyTimeoutSeconds", 180));
        Duration loadTimeout = Duration.ofSeconds(Long.getLong("bench.loadTimeoutSeconds", 3600));
        boolean keepHome = Boolean.getBoolean("bench.keepHome");

        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()))
                .toAbsolutePath().normalize();
        Path target = root.resolve("bench/target");
        String run = "agrements-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path home = target.resolve(run);
        Path log = target.resolve(run + "-hub.log");
        Path file = target.resolve(run + "-agrements_ft_bench.csv");
        Files.createDirectories(target);

        long t = System.nanoTime();
        Generated generated = generate(file, rows);
        note(String.format(Locale.ROOT, "generated %s: %d rows (%d roots, %d suffixed rows, %d cancelled), %.0f MB in %.1f s",
                file, rows, generated.roots(), generated.suffixed(), generated.cancelled(), Files.size(file) / 1e6,
                seconds(System.nanoTime() - t)));

        // the hub's own -Xmx1g overridden: every import must hold in 256 MB of heap whatever the file size
        List<String> hubArgs = new ArrayList<>(List.of(
                "-Xmx256m",
                "-Dpasserelle.francetravail.agrements.poll-ms=500",
                "-Dpasserelle.francetravail.calls-per-second=" + rate,
                "-Dpasserelle.francetravail.simulator.rate-per-second=" + rate,
                "-Dpasserelle.francetravail.dispatch.max-per-cycle=1000000",
                "-Dpasserelle.francetravail.dispatch.period-ms=1000",
                "-Dpasserelle.francetravail.dispatch.until=23:59:59"));
        hubArgs.addAll(splitArgs(System.getProperty("bench.hubJvmArgs", "")));

        // what the evidence costs (issue 20): the same migration on eight hubs of their own, each fresh, in the order off,
        // on, on, off, then on, off, off, on: a drift of the machine during the run, or a hub slower for its place in the
        // run (the fourth was the slowest in two runs of the first half alone), weighs as much on both sides
        List<String> evidenceOff = new ArrayList<>(hubArgs);
        evidenceOff.add("-Dpasserelle.evidence.enabled=false");
        boolean[] evidenceOn = {false, true, true, false, true, false, false, true};
        try {
            double offSeconds = 0;
            double onSeconds = 0;
            for (int i = 0; i < evidenceOn.length; i++) {
                String name = run + "-evidence-" + (evidenceOn[i] ? "on-" : "off-") + (i + 1);
                double seconds = alone(jar, target, name, evidenceOn[i] ? hubArgs : evidenceOff, file, readyTimeout, loadTimeout,
                        keepHome);
                if (evidenceOn[i]) {
                    onSeconds += seconds;
                } else {
                    offSeconds += seconds;
                }
            }
            out("agrements.evidence_off.seconds: " + format(offSeconds / (evidenceOn.length / 2), 1));
            out("agrements.evidence_on.seconds: " + format(onSeconds / (evidenceOn.length / 2), 1));
            out("agrements.evidence_on_vs_off: " + format(offSeconds / onSeconds, 3));

            note("starting the hub " + jar + " (PASSERELLE_HOME " + home + ", log " + log + ")");
            try (Hub hub = Hub.start(jar, home, log, hubArgs)) {
                hub.deleteHomeWhenStopped(!keepHome);
                hub.awaitReady(readyTimeout);
                CpuMeter cpu = new CpuMeter(hub);
                try (Connection db = hub.database().connect()) {

                    // --- 1. migration through the drop box, timed from the drop to the journal's DONE
                    Path box = hub.sftpRoot().resolve("francetravail/agrements");
                    String name = "agrements_ft_bench_" + run.substring("agrements-".length()).replace("-", "") + ".csv";
                    Files.copy(file, box.resolve(".tmp-" + name));
                    CpuMeter.Sample before = cpu.sample();
                    HeapSampler heap = new HeapSampler(hub);
                    heap.start();
                    long dropped = System.nanoTime();
                    Files.move(box.resolve(".tmp-" + name), box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
                    Loaded loaded = awaitLoaded(db, name, loadTimeout);
                    double migrationSeconds = seconds(System.nanoTime() - dropped);
                    heap.stop();
                    note("migration cpu: " + CpuMeter.describe(before, cpu.sample()));
                    note(String.format(Locale.ROOT, "migration: %s; journal %.1f s (received → finished), drop → done %.1f s "
                            + "(includes the poll interval, the 1 s read lock and the SFTP download)", loaded.summary(),
                            loaded.journalSeconds(), migrationSeconds));
                    double agrementsPerSecond = rows / migrationSeconds;
                    out("agrements.rows: " + rows);
                    out("agrements.seconds: " + format(migrationSeconds, 1));
                    out("agrements.rows_per_s: " + format(agrementsPerSecond, 0));
                    out("agrements.heap_peak_mb: " + format(heap.peakBytes() / 1_048_576.0, 0));

                    // --- 2. reference: COPY of the same file into a plain table of the same database
                    double copySeconds = copy(db, file);
                    double copyPerSecond = rows / copySeconds;
                    out("copy.seconds: " + format(copySeconds, 1));
                    out("copy.rows_per_s: " + format(copyPerSecond, 0));
                    out("agrements.ratio_vs_copy: " + format(agrementsPerSecond / copyPerSecond, 3));

                    // --- 3. notification throughput against the simulator, both paced at `rate` calls per second
                    List<String> numbers = issueStartingToday(hub, notifications);
                    note("issued " + numbers.size() + " PASS starting today; waiting for their notifications");
                    before = cpu.sample();
                    Notified notified = awaitNotified(db, numbers, Duration.ofSeconds((long) (notifications * 2 / rate) + 300));
                    note("notification cpu: " + CpuMeter.describe(before, cpu.sample()));
                    double calls = metric(hub, "passerelle_francetravail_calls_total");
                    double rateLimited = metric(hub, "passerelle_francetravail_rate_limited_total");
                    note(String.format(Locale.ROOT, "notifications: %d of %d SUCCESS, %s other statuses, first→last %.1f s, %.0f API calls",
                            notified.success(), numbers.size(), notified.others(), notified.seconds(), calls));
                    out("notifications.configured_calls_per_s: " + format(rate, 0));
                    out("notifications.per_s: " + format(notified.perSecond(), 1));
                    out("notifications.calls_per_s: " + format(notified.seconds() > 0 ? calls / notified.seconds() : 0, 1));
                    out("notifications.http_429: " + (long) rateLimited);
                }
                note("stopping the hub");
            }
        } finally {
            Files.deleteIfExists(file);
        }
    }

    /** The migration of {@code file} on a hub of its own, stopped and deleted after: seconds from the drop to DONE. */
    private static double alone(Path jar, Path target, String name, List<String> hubArgs, Path file, Duration readyTimeout,
                                Duration loadTimeout, boolean keepHome) throws Exception {
        Path home = target.resolve(name);
        note("starting a hub of its own, " + name + " (PASSERELLE_HOME " + home + ")");
        try (Hub hub = Hub.start(jar, home, target.resolve(name + "-hub.log"), hubArgs)) {
            hub.deleteHomeWhenStopped(!keepHome);
            hub.awaitReady(readyTimeout);
            try (Connection db = hub.database().connect()) {
                Path box = hub.sftpRoot().resolve("francetravail/agrements");
                String dropped = "agrements_ft_" + name.replace("-", "_") + ".csv";
                Files.copy(file, box.resolve(".tmp-" + dropped));
                long at = System.nanoTime();
                Files.move(box.resolve(".tmp-" + dropped), box.resolve(dropped), StandardCopyOption.ATOMIC_MOVE);
                Loaded loaded = awaitLoaded(db, dropped, loadTimeout);
                double seconds = seconds(System.nanoTime() - at);
                note(String.format(Locale.ROOT, "%s: %s; journal %.1f s (received → finished), drop → done %.1f s", name,
                        loaded.summary(), loaded.journalSeconds(), seconds));
                return seconds;
            }
        }
    }

    private record Generated(long roots, long suffixed, long cancelled) {
    }

    /**
     * Rows as France Travail wrote them: per 10 rows, 7 plain agréments, 2 suffixed variants of earlier roots (merged,
     * LEG-04) and 1 cancelled one (start = end, LEG-03); dates in the four formats of the contract; people unknown to
     * the registry (so every agrément is stored unlinked, LEG-06, after its identity look-up).
     */
    private static Generated generate(Path file, long rows) throws IOException {
        SplittableRandom random = new SplittableRandom(42);
        long roots = 0;
        long suffixed = 0;
        long cancelled = 0;
        try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
            out.write("CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;NUM_AGR_DEC;"
                    + "DATE_DEB;DATE_FIN;DATE_NAISS_BENE\n");
            for (long i = 0; i < rows; i++) {
                int kind = (int) (i % 10);
                long n;
                String suffix = "";
                LocalDate start;
                LocalDate end;
                if (kind == 7 || kind == 8) {
                    n = roots - 1 - random.nextLong(Math.min(roots, 50));
                    suffix = kind == 7 ? " S01" : "P01";
                    suffixed++;
                    start = startOf(n);
                    end = start.plusDays(729 + random.nextInt(200));
                } else if (kind == 9) {
                    n = 5_000_000 + cancelled++;
                    start = startOf(n);
                    end = start;
                } else {
                    n = roots++;
                    start = startOf(n);
                    end = start.plusDays(729);
                }
                String root = String.format("%05d%02d%05d", 10_000 + n % 90_000, start.getYear() % 100, n / 90_000 % 100_000);
                String ftId = String.format("%07d%c", n % 10_000_000, (char) ('A' + n % 26));
                LocalDate birth = LocalDate.of(1960, 1, 1).plusDays(n % 15_000);
                out.write(String.format("%05d;%s;NOM%d;PRENOM%d;NAISS%d;%s;%s;%s;%s%n", 10_000 + n % 90_000, ftId, n % 1000,
                        n % 777, n % 555, root + suffix, date(start, i), date(end, i + 1),
                        birth.format(DateTimeFormatter.ofPattern("dd/MM/yy"))));
            }
        }
        return new Generated(roots, suffixed, cancelled);
    }

    private static LocalDate startOf(long n) {
        return LocalDate.of(2012, 1, 1).plusDays(n % 3000);
    }

    private static String date(LocalDate date, long i) {
        return switch ((int) (i % 4)) {
            case 0 -> date + " 00:00:00";
            case 1 -> date.toString();
            case 2 -> date.format(DateTimeFormatter.ofPattern("MM/dd/yyyy"));
            default -> date.format(DateTimeFormatter.ofPattern("ddMMMyyyy", Locale.ENGLISH)).toUpperCase(Locale.ROOT);
        };
    }

    private record Loaded(String status, double journalSeconds, long received, long applied, long unchanged, long rejected,
                          String run) {
        String summary() {
            return status + ", received " + received + ", applied " + applied + ", unchanged " + unchanged + ", rejected "
                    + rejected + " (" + run + ")";
        }
    }

    private static Loaded awaitLoaded(Connection db, String name, Duration timeout) throws SQLException, InterruptedException {
        long deadline = System.nanoTime() + timeout.toNanos();
        try (PreparedStatement query = db.prepareStatement("""
                SELECT e.status, e.received_at, e.finished_at, e.received, e.applied, e.unchanged, e.rejected,
                       'rows ' || r.rows_read || ', skipped ' || r.skipped || ', roots ' || r.roots || ', linked ' || r.linked
                       || ', unlinked ' || r.unlinked
                FROM exchange e LEFT JOIN ft_agrement_run r ON r.exchange_id = e.id
                WHERE e.flow = 'ft-agrements' AND e.name = ? AND e.status IN ('DONE', 'REFUSED', 'FAILED')""")) {
            query.setString(1, name);
            while (System.nanoTime() < deadline) {
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        Timestamp from = rs.getTimestamp(2);
                        Timestamp to = rs.getTimestamp(3);
                        return new Loaded(rs.getString(1), (to.getTime() - from.getTime()) / 1000.0, rs.getLong(4), rs.getLong(5),
                                rs.getLong(6), rs.getLong(7), rs.getString(8));
                    }
                }
                Thread.sleep(200);
            }
        }
        throw new IllegalStateException("the agréments file was not loaded within " + timeout.toSeconds() + " s");
    }

    /** The reference: PostgreSQL's own bulk load of the same bytes, into text columns, no rule applied. */
    private static double copy(Connection db, Path file) throws SQLException, IOException {
        try (Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE IF EXISTS bench_agrement_copy");
            ddl.execute("CREATE TABLE bench_agrement_copy (agency text, ft_id text, last_name text, first_name text, "
                    + "birth_name text, number text, start_date text, end_date text, birth_date text)");
        }
        long t = System.nanoTime();
        try (Reader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            long copied = db.unwrap(PGConnection.class).getCopyAPI().copyIn(
                    "COPY bench_agrement_copy FROM STDIN WITH (FORMAT csv, DELIMITER ';', HEADER true)", in);
            note("copy: " + copied + " rows");
        }
        double seconds = seconds(System.nanoTime() - t);
        try (Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE bench_agrement_copy");
        }
        return seconds;
    }

    /** PASS starting today (start ≤ today: due at once), one per new person, through the API. */
    private static List<String> issueStartingToday(Hub hub, int count) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).connectTimeout(Duration.ofSeconds(5)).build();
        String authorization = "Bearer " + hub.apiKey();
        String runId = Long.toString(System.currentTimeMillis(), 36);
        // Persons.issuanceBody hires 7 days after the date given: a week ago gives a hire (and a PASS start) today
        LocalDate weekAgo = LocalDate.now(PARIS).minusDays(7);
        List<String> numbers = new ArrayList<>(count);
        for (int n = 0; n < count; n++) {
            HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/v1/passes"))
                    .timeout(Duration.ofSeconds(30))
                    .header("Authorization", authorization)
                    .header("Idempotency-Key", "ft-bench-" + runId + "-" + n)
                    .header("Content-Type", "application/json")
                    .POST(HttpRequest.BodyPublishers.ofString(Persons.issuanceBody(n, weekAgo)))
                    .build();
            HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
            if (answer.statusCode() != 201) {
                throw new IllegalStateException("issuance answered " + answer.statusCode() + ": " + answer.body());
            }
            int at = answer.body().indexOf("\"number\":\"");
            numbers.add(answer.body().substring(at + 10, at + 22));
        }
        return numbers;
    }

    private record Notified(long success, String others, double seconds) {
        double perSecond() {
            return seconds > 0 ? (success - 1) / seconds : 0;
        }
    }

    private static Notified awaitNotified(Connection db, List<String> numbers, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        String[] array = numbers.toArray(String[]::new);
        try (PreparedStatement query = db.prepareStatement("""
                SELECT count(*) FILTER (WHERE ft_status = 'SUCCESS'), count(*) FILTER (WHERE ft_status IN ('ERROR', 'SHOULD_RETRY')),
                       string_agg(DISTINCT ft_status || ':' || coalesce(ft_exit_code, ''), ',') FILTER (WHERE ft_status <> 'SUCCESS'),
                       extract(epoch FROM max(ft_at) - min(ft_at))
                FROM pass WHERE number = ANY (?)""")) {
            query.setArray(1, db.createArrayOf("varchar", array));
            while (true) {
                try (ResultSet rs = query.executeQuery()) {
                    rs.next();
                    long success = rs.getLong(1);
                    long failed = rs.getLong(2);
                    if (success + failed == numbers.size() || System.nanoTime() > deadline) {
                        return new Notified(success, rs.getString(3), rs.getDouble(4));
                    }
                }
                Thread.sleep(500);
            }
        }
    }

    private static double metric(Hub hub, String name) throws Exception {
        HttpClient client = HttpClient.newHttpClient();
        String body = client.send(HttpRequest.newBuilder(hub.uri("/actuator/prometheus"))
                        .header("Authorization", "Bearer " + hub.apiKey()).GET().build(),
                HttpResponse.BodyHandlers.ofString()).body();
        for (String line : body.split("\n")) {
            if (line.startsWith(name + " ") || line.startsWith(name + "{")) {
                return Double.parseDouble(line.substring(line.lastIndexOf(' ') + 1));
            }
        }
        return Double.NaN;
    }

}
