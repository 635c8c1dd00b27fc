package fr.passerelle.iae.routes.faults;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
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
            "--passerelle.sirene.retry-after-default-s=5");
    private static final Duration OUTCOME_WAIT = Duration.ofSeconds(90);

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
                new Scenario("INSEE and France Travail down, /passes on both nodes", this::partnersDown));
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
     * INSEE and France Travail down ({@code -Dfault-suite.outage-seconds}: 60 by default, to keep the build short; issue
     * 14's 5 minutes with {@code -Dfault-suite.outage-seconds=300}) while both
     * nodes issue PASS: readiness UP throughout on both, no PASS refused, then the backlog drains with one successful
     * call per PASS and per SIRET.
     */
    private FaultCounts partnersDown() throws Exception {
        if (second == null || !second.alive()) {
            second = ChildHub.secondNode(first, JVM, NODE);
        }
        PartnerOutage outage = new PartnerOutage(FRANCE_TRAVAIL, INSEE, List.of(first, second));
        PartnerOutage.During during = outage.run(Duration.ofSeconds(Long.getLong("fault-suite.outage-seconds", 60)));
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

    /** SIGKILL of node 1, then a start on the same data folder, which must say it stopped the PostgreSQL left running. */
    private void killAndRestartFirst() throws Exception {
        long repairsBefore = first.output().lines().filter(l -> l.contains("After a crash: PostgreSQL")).count();
        int exit = first.kill();
        if (exit != 137) {
            problems.add("node 1 exited with " + exit + " on SIGKILL, not 137");
        }
        first.restart();
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
