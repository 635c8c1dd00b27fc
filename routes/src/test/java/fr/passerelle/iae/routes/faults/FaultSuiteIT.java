package fr.passerelle.iae.routes.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CompletableFuture;
import java.util.stream.Collectors;
import java.util.function.Supplier;

import org.awaitility.Awaitility;
import org.awaitility.core.ConditionTimeoutException;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.sirene.InseeSimulator;
import fr.passerelle.iae.routes.ChildHub;

/**
 * Fault injection on the packaged hub run as child processes (issue 14): a node killed with SIGKILL in the middle of
 * its work and started again on its data folder, and a second node on the first one's servers (the {@code external}
 * profile), killed while both consume the same topics. Each scenario counts, from the registry and the topics, what
 * was lost, applied twice, left stuck, answered 5xx or published out of order; the suite prints one row per scenario
 * (also in {@code target/fault-suite.txt}) and requires every count to be zero.
 *
 * <p>The inbound file flows (conventions, ft-agrements CSV and XLSX, sirene-stock, asp-returns) are tried with one file
 * each per group: offered to two nodes at once, and killed at each step of the journal's skeleton with the hub's
 * failpoints ({@code --passerelle.failpoint}: {@code received}, the second {@code chunk}, {@code closed}) then started
 * again without them; one row per file ({@link FileCase} says what each must leave). The outbound files (fiches salarié
 * to ASP, the PASS file to France Travail) are run on both nodes at once, and killed once their content is committed
 * ({@code prepared}) and once written but not said so ({@code written}); {@link OutboundFiles} counts what reached the
 * partners.
 *
 * <p>A scenario is a name and an action returning its {@link FaultCounts}: add one to {@link #scenarios()}.
 */
class FaultSuiteIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final List<String> JVM = List.of("-Xmx512m", "-XX:TieredStopAtLevel=1");
    /** France Travail and INSEE, played in this JVM for every node, so that a scenario can take them down. */
    private static final FranceTravailSimulator FRANCE_TRAVAIL = FranceTravailSimulator.start(0);
    private static final InseeSimulator INSEE = InseeSimulator.start(0).unlisted(InseeSimulator.Unlisted.ACTIVE);
    /**
     * A dead consumer's partitions go to the live ones once its session expires (45 s by default): shorter here, so a
     * kill costs seconds. The ASP simulator answers at once. Partner calls are paced and retried at a test's scale:
     * France Travail notified at any hour, a backlog drained in seconds once a partner is back.
     */
    private static final List<String> NODE = List.of("--camel.component.kafka.session-timeout-ms=10000",
            "--camel.component.kafka.heartbeat-interval-ms=1000", "--passerelle.asp-simulator.period-ms=1000",
            "--passerelle.francetravail.auth-url=" + FRANCE_TRAVAIL.baseUrl(),
            "--passerelle.francetravail.api-url=" + FRANCE_TRAVAIL.baseUrl(),
            "--passerelle.francetravail.client-id=" + FranceTravailSimulator.CLIENT_ID,
            "--passerelle.francetravail.client-secret=" + FranceTravailSimulator.CLIENT_SECRET,
            "--passerelle.francetravail.dispatch.from=00:00", "--passerelle.francetravail.dispatch.until=23:59",
            "--passerelle.francetravail.dispatch.period-ms=5000", "--passerelle.francetravail.dispatch.max-per-cycle=1000",
            "--passerelle.francetravail.calls-per-second=50",
            "--passerelle.francetravail.retry.backoff-ms=200", "--passerelle.francetravail.breaker.open-ms=10000",
            "--passerelle.francetravail.retry-after-default-s=5",
            "--passerelle.sirene.api-url=" + INSEE.baseUrl(), "--passerelle.sirene.api-key=" + InseeSimulator.API_KEY,
            "--passerelle.sirene.requests-per-minute=600", "--passerelle.sirene.retry.backoff-ms=200",
            "--passerelle.sirene.breaker.open-ms=10000", "--passerelle.sirene.verification.retry-delay-ms=5000",
            // one SIRET a tick: the employers the file scenarios register are verified before the outage scenario's
            "--passerelle.sirene.verification.tick-ms=100",
            "--passerelle.sirene.retry-after-default-s=5",
            // a restarted node is a new node: it waits for the dead one's claims to expire
            "--passerelle.lease.ttl-ms=5000",
            // small chunks, so that the suite's files of a few hundred lines have several; drop boxes polled every second
            "--passerelle.conventions.chunk-size=50", "--passerelle.francetravail.agrements.chunk=50",
            "--passerelle.sirene.stock.chunk-size=50", "--passerelle.francetravail.agrements.poll-ms=1000",
            "--passerelle.sirene.stock.poll-delay-ms=1000", "--passerelle.conventions.poll-delay-ms=1000");
    /** The rows of the file-flow scenarios: each group of files runs once, its rows are read from here. */
    private final Map<String, Map<String, FaultCounts>> fileGroups = new HashMap<>();
    private final Map<String, Throwable> fileGroupFailures = new HashMap<>();
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(90);
    /**
     * Where the agréments file of the other format stands at the kill's step, counted from the start of the life after
     * the first kill, in which it comes once the killed file is applied (150 rows in chunks of 50: 3 chunks and an
     * empty last one; its people are all unknown, so those chunks store its agréments unlinked and no linking chunk
     * follows): received, the resumed file's then its own; chunk, the resumed file's 2 chunks left then its own 4th,
     * its last; closed, its own (the killed one was closed already).
     */
    private static final Map<String, Integer> QUEUED_REACH = Map.of("received", 2, "chunk", 6, "closed", 1);

    private static ChildHub first;
    private static ChildHub second;
    /** Problems that are no count of a row: a kill that was no SIGKILL, a restart that did not say what it repaired. */
    private final List<String> problems = new ArrayList<>();

    @BeforeAll
    static void startFirstNode() throws Exception {
        // the test's own Kafka clients log every assignment and seek at INFO
        ((ch.qos.logback.classic.Logger) org.slf4j.LoggerFactory.getLogger("org.apache.kafka")).setLevel(ch.qos.logback.classic.Level.WARN);
        first = ChildHub.start(JVM, NODE);
    }

    @AfterAll
    static void stopNodes() {
        if (second != null) {
            second.close();
        }
        if (first != null) {
            first.close();
        }
        FRANCE_TRAVAIL.close();
        INSEE.close();
    }

    private List<Scenario> scenarios() {
        return List.of(
                new Scenario("kafka pass commands, kill -9 mid-way", this::passCommandsThroughAKill),
                new Scenario("kafka hires, kill -9 mid-way", this::hiresThroughAKill),
                new Scenario("outbox relay, kill -9 while publishing", this::relayThroughAKill),
                new Scenario("node 2 on node 1's servers: ASP upload", this::secondNodeUploadsToAsp),
                new Scenario("two nodes consuming, kill -9 of node 2", this::twoNodesKillSecond),
                new Scenario("two nodes, kill -9 of node 1 (servers)", this::twoNodesKillFirst),
                // the file flows: one group of files at a time, one row per file
                fileRow("files on two nodes", "conventions", this::filesOnTwoNodes),
                fileRow("files on two nodes", "ft-agrements CSV", this::filesOnTwoNodes),
                fileRow("files on two nodes", "ft-agrements XLSX", this::filesOnTwoNodes),
                fileRow("files on two nodes", "sirene-stock", this::filesOnTwoNodes),
                fileRow("files on two nodes", "asp-returns", this::filesOnTwoNodes),
                // the outbound files: fiches salarié to ASP and the PASS file to France Travail, one row each
                fileRow("outbound on two nodes", "asp-upload", this::outboundOnTwoNodes),
                fileRow("outbound on two nodes", "ft-pass-file", this::outboundOnTwoNodes),
                fileRow("files, kill -9 at received", "conventions", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "ft-agrements CSV", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "ft-agrements XLSX", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "sirene-stock", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "asp-returns", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "asp-upload at prepared", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at received", "ft-pass-file at prepared", () -> filesThroughAKill("received")),
                fileRow("files, kill -9 at chunk 2", "conventions", () -> filesThroughAKill("chunk")),
                fileRow("files, kill -9 at chunk 2", "ft-agrements XLSX", () -> filesThroughAKill("chunk")),
                fileRow("files, kill -9 at chunk 2", "ft-agrements CSV", () -> filesThroughAKill("chunk")),
                fileRow("files, kill -9 at chunk 2", "sirene-stock", () -> filesThroughAKill("chunk")),
                fileRow("files, kill -9 at closed", "conventions", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "ft-agrements CSV", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "ft-agrements XLSX", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "sirene-stock", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "asp-returns", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "asp-upload at written", () -> filesThroughAKill("closed")),
                fileRow("files, kill -9 at closed", "ft-pass-file at written", () -> filesThroughAKill("closed")),
                new Scenario("INSEE and France Travail down, /passes on both nodes", this::partnersDown));
    }

    /**
     * The row of one file of a group of files processed together (one kill lands on every flow at once): the group runs
     * with its first row, the others read what it counted.
     */
    private Scenario fileRow(String group, String label, Callable<Map<String, FaultCounts>> run) {
        return new Scenario(group + ": " + label, () -> {
            if (!fileGroups.containsKey(group) && !fileGroupFailures.containsKey(group)) {
                try {
                    fileGroups.put(group, run.call());
                } catch (Exception | AssertionError e) {
                    fileGroupFailures.put(group, e);
                }
            }
            Throwable failed = fileGroupFailures.get(group);
            if (failed != null) {
                throw new IllegalStateException(group + " could not run: " + failed, failed);
            }
            FaultCounts counts = fileGroups.get(group).get(label);
            if (counts == null) {
                throw new IllegalStateException(group + " has no file " + label);
            }
            return counts;
        });
    }

    @Test
    void a_killed_node_loses_nothing_applies_nothing_twice_and_keeps_the_order_of_events() throws Exception {
        ScenarioTable table = new ScenarioTable();
        List<FaultCounts> results = new ArrayList<>();
        List<Throwable> failures = new ArrayList<>();
        // -Dfault-suite.only=<part of a name> runs the scenarios so named only
        String only = System.getProperty("fault-suite.only", "");
        for (Scenario scenario : scenarios().stream().filter(s -> s.name().contains(only)).toList()) {
            long started = System.nanoTime();
            try {
                FaultCounts counts = scenario.action().run();
                results.add(counts);
                table.add(scenario.name(), counts);
            } catch (Exception | AssertionError e) {
                failures.add(e);
                table.failed(scenario.name(), e);
            }
            System.out.println("fault-suite: " + scenario.name() + " took " + Duration.ofNanos(System.nanoTime() - started).toSeconds() + " s");
        }
        String rendered = table.render();
        System.out.println(rendered);
        problems.forEach(p -> System.out.println("fault-suite problem: " + p));
        Files.writeString(Path.of("target", "fault-suite.txt"), rendered + String.join("\n", problems));

        assertThat(failures).as("scenarios that could not run").isEmpty();
        assertThat(problems).isEmpty();
        assertThat(results).allSatisfy(counts -> assertThat(counts.clean()).as(counts.toString()).isTrue());
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Scenarios

    /** Pass commands published at once; node 1 killed once a fifth of them is answered, then started again. */
    private FaultCounts passCommandsThroughAKill() throws Exception {
        Map<String, String> commands = publish("iae.pass.commands.v1", 300, FaultFixtures::passRequest);
        ApiLoad.Result load;
        try (ApiLoad background = ApiLoad.start(new HubApi(first))) {
            awaitAnswered(InputOutcomes.COMMANDS_CLIENT, commands, commands.size() / 5);
            killAndRestartFirst();
            awaitAllAnswered(InputOutcomes.COMMANDS_CLIENT, commands);
            load = background.stop();
        }
        return InputOutcomes.passCommands(first, commands).withHttp5xx(load.http5xx(), load.describe());
    }

    private FaultCounts hiresThroughAKill() throws Exception {
        Map<String, String> hires = publish("iae.hires.v1", 300, FaultFixtures::hireRequest);
        ApiLoad.Result load;
        try (ApiLoad background = ApiLoad.start(new HubApi(first))) {
            awaitAnswered(InputOutcomes.HIRES_CLIENT, hires, hires.size() / 5);
            killAndRestartFirst();
            awaitAllAnswered(InputOutcomes.HIRES_CLIENT, hires);
            load = background.stop();
        }
        return InputOutcomes.hires(first, hires).withHttp5xx(load.http5xx(), load.describe());
    }

    /**
     * PASS issued then cancelled through the API by 3 clients while the relay publishes every 200 ms; node 1 killed
     * after 40 such pairs, the clients going on once it is back. Every change's event must reach
     * {@code iae.pass.events.v1}, once per eventId (re-sends aside), in the order of the changes.
     */
    private FaultCounts relayThroughAKill() throws Exception {
        Map<String, List<String>> expected;
        long http5xx;
        List<String> refused;
        try (PassChanges changes = PassChanges.start(new HubApi(first), 3)) {
            await("40 PASS issued and cancelled", () -> changes.completed() >= 40);
            killAndRestartFirst();
            long beforeRestart = changes.completed();
            await("20 more after the restart", () -> changes.completed() >= beforeRestart + 20);
            expected = changes.stop();
            http5xx = changes.http5xx();
            refused = changes.refused();
        }
        RegistryProbe registry = new RegistryProbe(first);
        awaitQuietly("the relay published every change", () -> registry.unpublished(expected.keySet()) == 0);
        long stuck = registry.unpublished(expected.keySet());
        String brokers = first.endpoints().getProperty("passerelle.kafka.brokers");
        Map<String, List<String>> done = expected;
        awaitQuietly("every event on the topic", () -> PassEventLog.read(brokers, done.keySet()).missing(done) == 0);
        PassEventLog events = PassEventLog.read(brokers, expected.keySet());
        long twice = events.appliedTwice(expected.keySet(), "PassIssued") + events.appliedTwice(expected.keySet(), "PassCancelled");
        long changes = expected.values().stream().mapToLong(List::size).sum();
        long missing = events.missing(expected);
        // a valid issuance for a new person answered without a PASS (a 404 while the node started, say) is lost to its client
        return new FaultCounts(missing + refused.size(), twice, stuck, http5xx, events.inversions(expected),
                changes + " changes on " + expected.size() + " PASS, " + events.resent() + " events re-sent"
                        + (missing == 0 ? "" : ", missing: " + events.missingExamples(expected))
                        + (refused.isEmpty() ? "" : ", issuances refused: " + refused));
    }

    /**
     * The second node starts with the {@code external} profile and only the drop-box SFTP variables: ASP's port must
     * be the drop boxes' (not 22), and an upload run on it must put the READY fiches salarié of the hires in
     * {@code asp/depot} of the first node's SFTP server.
     */
    private FaultCounts secondNodeUploadsToAsp() throws Exception {
        second = ChildHub.secondNode(first, JVM, NODE);
        HubApi api = new HubApi(second);
        long http5xx = 0;
        long runs = 0;
        long lines = 0;
        RegistryProbe registry = new RegistryProbe(first);
        long ready = registry.readyFiches(FaultFixtures.DEMO_SIRET);
        // at most one creation file per run (passerelle.asp.upload.max-files-per-run)
        while (registry.readyFiches(FaultFixtures.DEMO_SIRET) > 0 && runs < 5) {
            var run = api.runToEnd("asp-upload", Duration.ofMinutes(2));
            runs++;
            if (run.statusCode() >= 500) {
                http5xx++;
                problems.add("asp-upload on node 2: " + run.statusCode() + " " + run.body());
                break;
            }
            if (!"DONE".equals(JSON.readTree(run.body()).path("state").asText())) {
                // node 1 may hold the upload's leader lease at that moment: the fiches left are counted below
                System.out.println("fault-suite: asp-upload on node 2 ended " + run.body());
                continue;
            }
            lines += JSON.readTree(run.body()).path("counts").path("processed").asLong();
        }
        long left = registry.readyFiches(FaultFixtures.DEMO_SIRET);
        if (ready == 0) {
            problems.add("no READY fiche salarié to upload: the hires scenario left none");
        }
        return new FaultCounts(left, 0, 0, http5xx, 0, ready + " READY fiches, " + lines + " lines uploaded by node 2 in " + runs + " run(s)");
    }

    /**
     * Both nodes consume commands and hires; node 2 is killed once it has answered some, node 1 takes its partitions
     * over. A client keeps issuing PASS on node 1, which stays up: no 5xx.
     */
    private FaultCounts twoNodesKillSecond() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        int secondAnsweredBefore = answeredLines(second);
        Map<String, String> commands = publish("iae.pass.commands.v1", 200, FaultFixtures::passRequest);
        Map<String, String> hires = publish("iae.hires.v1", 200, FaultFixtures::hireRequest);
        ApiLoad.Result load;
        try (ApiLoad background = ApiLoad.start(new HubApi(first))) {
            await("node 2 takes its share", () -> answeredLines(second) >= secondAnsweredBefore + 20);
            int exit = second.kill();
            if (exit != 137) {
                problems.add("node 2 exited with " + exit + " on SIGKILL, not 137");
            }
            awaitAllAnswered(InputOutcomes.COMMANDS_CLIENT, commands);
            awaitAllAnswered(InputOutcomes.HIRES_CLIENT, hires);
            load = background.stop();
        }
        long byNode2 = answeredLines(second) - secondAnsweredBefore;
        return InputOutcomes.passCommands(first, commands).plus(InputOutcomes.hires(first, hires))
                .withHttp5xx(load.http5xx(), byNode2 + " answered by node 2 before its kill, " + load.describe());
    }

    /**
     * Node 2 holds sessions on node 1's PostgreSQL when node 1 is killed: node 1's restart must still stop the
     * PostgreSQL it left running and start it again, then answer every command.
     */
    private FaultCounts twoNodesKillFirst() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        Map<String, String> commands = publish("iae.pass.commands.v1", 200, FaultFixtures::passRequest);
        awaitAnswered(InputOutcomes.COMMANDS_CLIENT, commands, commands.size() / 5);
        killAndRestartFirst();
        awaitAllAnswered(InputOutcomes.COMMANDS_CLIENT, commands);
        return InputOutcomes.passCommands(first, commands).plus(new FaultCounts(0, 0, 0, 0, 0, "node 2 stayed up"));
    }

    /**
     * INSEE and France Travail down ({@code -Dfault-suite.outage-seconds}: 30 by default, to keep the build short; issue
     * 14's 5 minutes with {@code -Dfault-suite.outage-seconds=300}) while both
     * nodes issue PASS: readiness UP throughout on both, no PASS refused, then the backlog drains with one successful
     * call per PASS and per SIRET.
     */
    private FaultCounts partnersDown() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        PartnerOutage outage = new PartnerOutage(FRANCE_TRAVAIL, INSEE, List.of(first, second));
        PartnerOutage.During during = outage.run(Duration.ofSeconds(Long.getLong("fault-suite.outage-seconds", 30)));
        Map<String, Long> inseeAtHeal = outage.inseeRequests(during.sirets());
        try {
            Awaitility.await("the backlog drained").atMost(Duration.ofMinutes(4)).pollInterval(Duration.ofSeconds(1))
                    .ignoreExceptions().until(() -> PartnerOutage.unnotified(first, during.passes()) == 0
                            && PartnerOutage.unverified(first, during.sirets()) == 0);
        } catch (ConditionTimeoutException e) {
            System.out.println("fault-suite: the partners' backlog did not drain within 4 minutes");
        }
        long lost = PartnerOutage.unnotified(first, during.passes()) + PartnerOutage.unverified(first, during.sirets());
        Map<String, Long> updates = outage.updatesSince(during.healedAt());
        long twice = during.passes().stream().filter(p -> updates.getOrDefault(p, 0L) > 1).count();
        Map<String, Long> inseeNow = outage.inseeRequests(during.sirets());
        twice += during.sirets().stream().filter(s -> inseeNow.get(s) - inseeAtHeal.get(s) > 1).count();
        if (during.refused() > 0) {
            problems.add(during.refused() + " PASS requests refused during the partner outage");
        }
        if (during.readinessDown() > 0) {
            problems.add("readiness not UP " + during.readinessDown() + " times out of " + during.readinessChecks()
                    + " during the partner outage");
        }
        return new FaultCounts(lost, twice, 0, during.http5xx(), 0, during.passes().size() + " PASS issued and "
                + during.sirets().size() + " unknown SIRETs during the outage, " + during.refused() + " refused; readiness UP "
                + (during.readinessChecks() - during.readinessDown()) + "/" + during.readinessChecks());
    }

    /**
     * Node 2 on node 1's servers, both polling the same drop boxes, and the same files offered to both: a fluxIAE
     * delivery, an agréments CSV and XLSX, a SIRENE stock file, and an ASP return file that both nodes are asked to read
     * at the same moment. Each file must be applied once, by one node, its journal closed and the file moved.
     */
    private Map<String, FaultCounts> filesOnTwoNodes() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        RegistryProbe registry = new RegistryProbe(first);
        Path sftp = first.var().resolve("sftp");
        List<FileCase> files = new ArrayList<>(List.of(new FileCase.Conventions(120, 3), new FileCase.Agrements(150, false),
                new FileCase.Agrements(150, true), new FileCase.Sirene(150, 100).register(registry)));
        FileCase.AspReturn aspReturn = aspReturn(10);
        ApiLoad.Result load;
        try (ApiLoad background = ApiLoad.start(new HubApi(first))) {
            for (FileCase file : files) {
                file.drop(sftp);
            }
            // ASP's retrait/ is read at the slots of its schedule or on demand: both nodes asked at once
            List<CompletableFuture<Integer>> runs = List.of(first, second).stream()
                    .map(node -> CompletableFuture.supplyAsync(() -> {
                        try {
                            return new HubApi(node).runToEnd("asp-returns", Duration.ofMinutes(2)).statusCode();
                        } catch (java.io.IOException e) {
                            throw new java.io.UncheckedIOException(e);
                        }
                    })).toList();
            files.add(aspReturn);
            awaitSettled(registry, sftp, files);
            for (CompletableFuture<Integer> run : runs) {
                int status = run.get();
                if (status >= 500) {
                    problems.add("asp-returns run on two nodes answered " + status);
                }
            }
            load = background.stop();
        }
        return rows(registry, sftp, files, Map.of(), load);
    }

    /**
     * One file per flow dropped while node 1 is down; node 1 started with a failpoint per flow at {@code step} (the
     * second chunk for {@code chunk}), killed with SIGKILL once every flow stands there, then started again without
     * it. An ASP return file has no chunk (one transaction per file): it is left out of {@code chunk}. The agréments
     * consumer takes one file at a time: the file of the other format is dropped behind the one killed, and killed at
     * the same step in the next life. The outbound files are killed beside the inbound ones: an ASP upload and a PASS
     * file at {@code prepared} with {@code received}, at {@code written} with {@code closed}.
     */
    private Map<String, FaultCounts> filesThroughAKill(String step) throws Exception {
        if (second != null && second.alive()) {
            // node 2 would take the files
            second.close();
        }
        boolean chunk = step.equals("chunk");
        int nth = chunk ? 2 : 1;
        RegistryProbe registry = new RegistryProbe(first);
        Path sftp = first.var().resolve("sftp");
        FileCase.Agrements csv = new FileCase.Agrements(150, false);
        FileCase.Agrements xlsx = new FileCase.Agrements(150, true);
        // CSV killed at received and closed, XLSX at chunk
        FileCase.Agrements killedAgrements = chunk ? xlsx : csv;
        FileCase.Agrements other = chunk ? csv : xlsx;
        List<FileCase> killed = new ArrayList<>(List.of(new FileCase.Conventions(120, 3), killedAgrements,
                new FileCase.Sirene(150, 100).register(registry)));
        if (!chunk) {
            killed.add(aspReturn(10));
        }
        // the outbound files killed beside them: prepared (content committed, not written) with received, written (not
        // yet said so) with closed
        String outboundStep = switch (step) {
            case "received" -> "prepared";
            case "closed" -> "written";
            default -> null;
        };
        Outbound outbound = outboundStep == null ? null : outboundWork(20);
        int exit = first.kill();
        if (exit != 137) {
            problems.add("node 1 exited with " + exit + " on SIGKILL, not 137");
        }
        for (FileCase file : killed) {
            if (!(file instanceof FileCase.AspReturn)) {
                file.drop(sftp);
            }
        }
        List<String> points = new ArrayList<>(killed.stream().map(f -> f.flow + ":" + step + ":" + nth).toList());
        if (outbound != null) {
            points.addAll(List.of("asp-upload:" + outboundStep + ":1", "ft-pass-file:" + outboundStep + ":1"));
        }
        int from = first.output().length();
        first.restart(List.of("--passerelle.failpoint=" + String.join(",", points)));
        List<FileCase> files = new ArrayList<>(killed);
        files.add(other);
        ApiLoad.Result load;
        try (ApiLoad background = ApiLoad.start(new HubApi(first))) {
            if (outbound != null) {
                runOutboundNow();
            }
            awaitFailpoints(points, from);
            for (FileCase file : killed) {
                landedAt(registry, sftp, file, step);
            }
            if (outbound != null) {
                outboundLandedAt(registry, outboundStep);
            }
            // the other agréments file, dropped once the killed one is applied in the next life, is killed in turn at the
            // same step (for chunk, its last chunk); every other flow goes through that kill as well
            int otherFrom = first.output().length();
            String otherPoint = "ft-agrements:" + step + ":" + QUEUED_REACH.get(step);
            killAndRestartFirst(List.of("--passerelle.failpoint=" + otherPoint));
            await("the killed agréments file applied", () -> killedAgrements.settled(registry, sftp));
            other.drop(sftp);
            awaitFailpoints(List.of(otherPoint), otherFrom);
            landedAt(registry, sftp, other, step);
            killAndRestartFirst();
            awaitSettled(registry, sftp, files);
            load = background.stop();
        }
        Map<String, FaultCounts> rows = rows(registry, sftp, files, Map.of(other.label, "killed in the next life"), load);
        if (outbound != null) {
            outboundRows(outbound).forEach((flow, counts) -> rows.put(flow + " at " + outboundStep, counts.withHttp5xx(load.http5xx(), load.describe())));
        }
        return rows;
    }

    /** Both outbound flows started on demand on node 1, not followed: a failpoint holds them. */
    private void runOutboundNow() throws Exception {
        HubApi api = new HubApi(first);
        for (String flow : List.of("asp-upload", "ft-pass-file")) {
            var started = api.postUntilAnswered("/api/v1/ops/flows/" + flow + "/run", "fault-run-" + UUID.randomUUID(),
                    "{}".getBytes(), Duration.ofMinutes(1));
            if (started.statusCode() != 202) {
                problems.add(flow + " run on demand answered " + started.statusCode() + ": " + started.body());
            }
        }
    }

    /** What the registry says when the kill comes: an ASP upload and a PASS file held at {@code step}. */
    private void outboundLandedAt(RegistryProbe registry, String step) throws Exception {
        String upload = step.equals("prepared") ? "PREPARED" : "WRITING";
        if (registry.count("SELECT count(*) FROM asp_upload WHERE status = ?", upload) != 1) {
            problems.add("asp-upload killed at " + step + " but no upload is " + upload);
        }
        if (registry.count("SELECT count(*) FROM ft_pass_file WHERE status = 'PREPARED'") != 1) {
            problems.add("ft-pass-file killed at " + step + " but no file is PREPARED");
        }
    }

    /**
     * Fiches salarié READY for ASP and PASS changes for France Travail's file; both flows run on demand on both nodes at
     * the same moment, as a slot both see: each line must reach its partner once, in one file.
     */
    private Map<String, FaultCounts> outboundOnTwoNodes() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        Outbound work = outboundWork(20);
        List<CompletableFuture<Integer>> runs = new ArrayList<>();
        for (ChildHub node : List.of(first, second)) {
            HubApi api = new HubApi(node);
            for (String flow : List.of("asp-upload", "ft-pass-file")) {
                runs.add(CompletableFuture.supplyAsync(() -> api.runToEnd(flow, Duration.ofMinutes(2)).statusCode()));
            }
        }
        for (CompletableFuture<Integer> run : runs) {
            int status = run.get();
            if (status >= 500) {
                problems.add("outbound run on two nodes answered " + status);
            }
        }
        return outboundRows(work);
    }

    /** Fresh hires whose fiches salarié are READY, and the last PASS change at that moment: the outbound flows' work. */
    private record Outbound(List<String> nirs, long lastChange) {
    }

    private Outbound outboundWork(int hires) throws Exception {
        RegistryProbe registry = new RegistryProbe(first);
        List<String> nirs = hire(hires);
        await(hires + " READY fiches salarié", () -> registry.fichesOf(nirs).stream().filter(f -> f.status().equals("READY")).count() == hires);
        return new Outbound(nirs, registry.count("SELECT coalesce(max(id), 0) FROM pass_history"));
    }

    /**
     * Once ASP answered every fiche (its return files read on demand) and no PASS file is left PREPARED (run again on
     * demand, as the next run of the day would), one row per outbound flow.
     */
    private Map<String, FaultCounts> outboundRows(Outbound work) throws Exception {
        RegistryProbe registry = new RegistryProbe(first);
        HubApi api = new HubApi(first);
        Path sftp = first.var().resolve("sftp");
        awaitQuietly("every fiche answered by ASP and no file left PREPARED", () -> {
            if (registry.count("SELECT count(*) FROM asp_upload WHERE status = 'PREPARED'") > 0) {
                api.runToEnd("asp-upload", Duration.ofMinutes(1));
            }
            if (registry.count("SELECT count(*) FROM ft_pass_file WHERE status = 'PREPARED'") > 0) {
                api.runToEnd("ft-pass-file", Duration.ofMinutes(1));
            }
            api.runToEnd("asp-returns", Duration.ofMinutes(1));
            return registry.fichesOf(work.nirs()).stream().allMatch(f -> f.status().equals("PROCESSED"))
                    && registry.count("SELECT count(*) FROM ft_pass_file WHERE status = 'PREPARED'") == 0;
        });
        Map<String, FaultCounts> rows = new LinkedHashMap<>();
        rows.put("asp-upload", OutboundFiles.asp(registry, sftp, registry.fichesOf(work.nirs())));
        rows.put("ft-pass-file", OutboundFiles.passFile(registry, sftp, work.lastChange()));
        return rows;
    }

    private void awaitFailpoints(List<String> points, int outputFrom) {
        for (String point : points) {
            await("FAILPOINT " + point, () -> {
                if (!first.alive()) {
                    throw new IllegalStateException("node 1 died before " + point);
                }
                return first.output().substring(outputFrom).contains("FAILPOINT " + point + " reached");
            });
        }
    }

    /** Hires of fresh people by the demo ACI through node 1's API; their NIRs. */
    private List<String> hire(int count) throws Exception {
        HubApi api = new HubApi(first);
        List<String> nirs = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            FaultFixtures.Request hire = FaultFixtures.hireRequest();
            var answer = api.postUntilAnswered("/api/v1/hires", "fault-file-hire-" + UUID.randomUUID(), hire.body(), Duration.ofMinutes(1));
            if (answer.statusCode() >= 300) {
                throw new IllegalStateException("hire answered " + answer.statusCode() + ": " + answer.body());
            }
            nirs.add(hire.nir());
        }
        return nirs;
    }

    /** What the journal says when the kill comes: the failpoint held the unit at that step, not before nor after. */
    private void landedAt(RegistryProbe registry, Path sftp, FileCase file, String step) throws Exception {
        List<RegistryProbe.Journal> entries = registry.journal(file.flow, file.sha256());
        RegistryProbe.Journal journal = entries.isEmpty() ? null : entries.get(0);
        boolean there = journal != null && switch (step) {
            case "received" -> journal.status().equals("RECEIVED") && journal.checkpoint() == 0;
            case "chunk" -> journal.status().equals("PROCESSING") && journal.checkpoint() > 0;
            default -> journal.status().equals("DONE") && file.inBox(sftp);
        };
        if (!there) {
            problems.add(file.label + " " + file.name + " killed at " + step + " but its journal says "
                    + (journal == null ? "nothing" : journal.status() + " at checkpoint " + journal.checkpoint())
                    + (file.inBox(sftp) ? "" : ", file gone"));
        }
    }

    /**
     * Hires of fresh people by the demo ACI, their READY fiches salarié uploaded to ASP (run on demand, on node 1), and
     * the return file the ASP simulator writes for that upload into {@code asp/retrait}: not read yet, since the returns
     * are read at the slots of their schedule (or on demand), or at a start.
     */
    private FileCase.AspReturn aspReturn(int hires) throws Exception {
        HubApi api = new HubApi(first);
        RegistryProbe registry = new RegistryProbe(first);
        // return files of earlier uploads read first: ours must be the only one a start finds in retrait/
        api.runToEnd("asp-returns", Duration.ofMinutes(2));
        List<String> nirs = hire(hires);
        await(hires + " READY fiches salarié", () -> registry.fichesOf(nirs).stream().filter(f -> f.status().equals("READY")).count() == hires);
        // node 2 may hold the upload's leader lease at that moment: run again
        for (int run = 0; run < 5 && registry.fichesOf(nirs).stream().anyMatch(f -> f.status().equals("READY")); run++) {
            api.runToEnd("asp-upload", Duration.ofMinutes(2));
        }
        List<RegistryProbe.Fiche> fiches = registry.fichesOf(nirs);
        List<String> uploads = fiches.stream().map(RegistryProbe.Fiche::aspFile).distinct().toList();
        if (fiches.stream().anyMatch(f -> !f.status().equals("SENT")) || uploads.size() != 1) {
            throw new IllegalStateException("the fiches salarié were not sent in one upload: " + fiches);
        }
        String name = uploads.get(0).replace(".json", "_FichierRetour.json");
        Path file = first.var().resolve("sftp/asp/retrait").resolve(name);
        await("ASP's return file " + name, () -> Files.isRegularFile(file));
        try (var left = Files.list(file.getParent())) {
            List<String> others = left.map(p -> p.getFileName().toString()).filter(n -> n.endsWith("_FichierRetour.json") && !n.equals(name)).toList();
            if (!others.isEmpty()) {
                problems.add("return files other than the scenario's wait in asp/retrait: " + others);
            }
        }
        long lines = registry.count("SELECT count(*) FROM asp_upload_line l JOIN asp_upload u ON u.id = l.upload_id WHERE u.name = ?",
                uploads.get(0));
        // READY fiches of other scenarios (the hires of two nodes consuming) may go in the same upload
        return new FileCase.AspReturn(name, Files.readAllBytes(file), nirs, fiches, lines);
    }

    private void awaitSettled(RegistryProbe registry, Path sftp, List<FileCase> files) {
        awaitQuietly("every file journalled closed and moved", () -> {
            for (FileCase file : files) {
                if (!file.settled(registry, sftp)) {
                    return false;
                }
            }
            return true;
        });
    }

    /** One row per file; the background load's 5xx on each, since each file's scenario ran under it. */
    private Map<String, FaultCounts> rows(RegistryProbe registry, Path sftp, List<FileCase> files, Map<String, String> notes,
                                          ApiLoad.Result load) throws Exception {
        Map<String, FaultCounts> rows = new LinkedHashMap<>();
        for (FileCase file : files) {
            FaultCounts counts = file.outcome(registry, sftp);
            String note = notes.getOrDefault(file.label, "");
            rows.put(file.label, new FaultCounts(counts.lost(), counts.appliedTwice(), counts.stuck(), 0, 0,
                    note.isEmpty() ? counts.note() : note + "; " + counts.note()).withHttp5xx(load.http5xx(), load.describe()));
        }
        System.out.println("fault-suite: files processed by node 1: " + processedBy(first, files)
                + (second == null ? "" : ", by node 2: " + processedBy(second, files)));
        return rows;
    }

    /** The files a node's log says it applied (imported, loaded, reconciled, applied). */
    private static String processedBy(ChildHub node, List<FileCase> files) {
        return files.stream().filter(f -> node.output().lines().anyMatch(l -> l.contains(f.name)
                        && (l.contains(" imported (exchange") || l.contains(" loaded: ") || l.contains(" reconciled in ")
                        || l.contains(" applied ("))))
                .map(f -> f.label).collect(Collectors.joining(", ", "[", "]"));
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Steps

    /** Publishes {@code count} fresh requests on {@code topic}; key → the person's NIR. */
    private static Map<String, String> publish(String topic, int count, Supplier<FaultFixtures.Request> request) throws Exception {
        Map<String, String> nirByKey = new LinkedHashMap<>();
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        for (int i = 0; i < count; i++) {
            FaultFixtures.Request r = request.get();
            String key = "fault-" + UUID.randomUUID();
            nirByKey.put(key, r.nir());
            bodies.put(key, r.body());
        }
        KafkaInputs.publish(first.endpoints().getProperty("passerelle.kafka.brokers"), topic, bodies);
        return nirByKey;
    }

    private void killAndRestartFirst() throws Exception {
        killAndRestartFirst(List.of());
    }

    /** SIGKILL of node 1, then a start on the same data folder, which must say it stopped the PostgreSQL left running. */
    private void killAndRestartFirst(List<String> args) throws Exception {
        long repairsBefore = first.output().lines().filter(l -> l.contains("After a crash: PostgreSQL")).count();
        int exit = first.kill();
        if (exit != 137) {
            problems.add("node 1 exited with " + exit + " on SIGKILL, not 137");
        }
        first.restart(args);
        long repairs = first.output().lines().filter(l -> l.contains("After a crash: PostgreSQL")).count();
        if (repairs != repairsBefore + 1) {
            problems.add("node 1's restart after a kill did not log that it stopped and restarted its PostgreSQL");
        }
    }

    private void awaitAnswered(String client, Map<String, String> keys, int atLeast) {
        RegistryProbe registry = new RegistryProbe(first);
        await(atLeast + " answered", () -> registry.answered(client, keys.keySet()) >= atLeast);
    }

    /** Waits for every key's answer in the registry; what is still missing then is counted, not thrown. */
    private void awaitAllAnswered(String client, Map<String, String> keys) {
        RegistryProbe registry = new RegistryProbe(first);
        awaitQuietly("all " + keys.size() + " answered", () -> registry.answered(client, keys.keySet()) == keys.size());
    }

    /** Lines a node logs when it answered a command or a hire from Kafka. */
    private static int answeredLines(ChildHub node) {
        return (int) node.output().lines()
                .filter(l -> l.contains("Kafka command ") && l.contains(" answered with status ") || l.contains("hires: message fault-"))
                .count();
    }

    private static void await(String what, Callable<Boolean> condition) {
        Awaitility.await(what).atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(100))
                .ignoreExceptions().until(condition);
    }

    private static void awaitQuietly(String what, Callable<Boolean> condition) {
        try {
            Awaitility.await(what).atMost(OUTCOME_WAIT).pollInterval(Duration.ofMillis(500)).ignoreExceptions().until(condition);
        } catch (ConditionTimeoutException e) {
            System.out.println("fault-suite: not reached within " + OUTCOME_WAIT.toSeconds() + " s: " + what);
        }
    }
}
