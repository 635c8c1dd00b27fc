package fr.passerelle.iae.routes.francetravail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.OtherNode;
import fr.passerelle.iae.routes.TableLock;
import fr.passerelle.iae.routes.ops.Leadership;
import fr.passerelle.iae.routes.pass.PassFixtures;

class PassFileTest extends HubTestSupport {

    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");
    private static final String LEASE = Leadership.lease(PassFileWriter.FLOW);
    // files are named to the second: each run of these tests at a second of its own, yesterday
    private static final Instant YESTERDAY = Instant.now().minus(Duration.ofDays(1)).truncatedTo(ChronoUnit.SECONDS);
    private static final AtomicInteger RUNS = new AtomicInteger();

    @Autowired
    private CamelContext camel;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private Leases leases;
    @Autowired
    private OtherNode otherNode;
    @Autowired
    private PassFileWriter writer;

    /** A file run by the ops API, as the API shows it once ended, and where it is written if it is. */
    private record Run(JsonNode run, Path file) {
        String state() {
            return run.get("state").asText();
        }
    }

    @BeforeEach
    void noScheduledFile() throws Exception {
        camel.getRouteController().stopRoute(FtPassFileRoute.ROUTE);
    }

    @AfterEach
    void scheduledFileAgain() throws Exception {
        camel.getRouteController().startRoute(FtPassFileRoute.ROUTE);
    }

    private static Path box() {
        return TestInfrastructure.get().sftp().root().resolve("francetravail/pass");
    }

    private static Path fileAt(Instant at) {
        return box().resolve("pass_iae_" + STAMP.format(at.atZone(PARIS)) + ".csv");
    }

    private String issue() {
        Answer issued = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())));
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        return issued.body().get("number").asText();
    }

    private Instant nextSecond() {
        Instant at = YESTERDAY.plusSeconds(RUNS.incrementAndGet());
        clock.set(at);
        return at;
    }

    private Run run() {
        Instant at = nextSecond();
        return new Run(runToEnd(PassFileWriter.FLOW), fileAt(at));
    }

    private static long linesOf(String number, Path file) throws Exception {
        return Files.readAllLines(file).stream().filter(line -> line.startsWith(number + ";")).count();
    }

    @Test
    void the_shared_pass_file_lists_the_pass_issued_since_the_previous_one() throws Exception {
        String number = issue();
        LocalDate start = today().plusDays(7);

        Run run = run();

        assertThat(run.state()).as(run.run().toString()).isEqualTo("DONE");
        assertThat(run.run().get("counts").get("processed").asLong()).isPositive();
        List<String> lines = Files.readAllLines(run.file());
        assertThat(lines.get(0)).isEqualTo("NUM_PASS_IAE;DATE_DEBUT;DATE_FIN;SIRET;STATUT");
        assertThat(lines).contains(number + ";" + start + ";" + start.plusDays(729) + ";73282932000074;FUTURE");
    }

    @Test
    void a_second_file_made_in_the_same_second_takes_the_next_second_and_the_first_keeps_its_changes() throws Exception {
        String before = issue();
        Run first = run();
        // the second after is this test's: no other test's file is named there
        Instant next = YESTERDAY.plusSeconds(RUNS.incrementAndGet());
        String after = issue();

        JsonNode second = runToEnd(PassFileWriter.FLOW);   // the clock still at the first file's second

        assertThat(first.state()).as(first.run().toString()).isEqualTo("DONE");
        assertThat(second.get("state").asText()).as(second.toString()).isEqualTo("DONE");
        assertThat(linesOf(before, first.file())).isEqualTo(1);
        assertThat(linesOf(after, first.file())).isZero();
        assertThat(linesOf(after, fileAt(next))).isEqualTo(1);
    }

    @Test
    void a_change_stamped_before_a_file_but_committed_after_its_selection_is_in_the_next_file_only() throws Exception {
        String number = issue();
        Run flushed = run();
        assertThat(flushed.state()).as(flushed.run().toString()).isEqualTo("DONE");
        assertThat(linesOf(number, flushed.file())).isEqualTo(1);

        Run cut;
        try (Connection late = dataSource.getConnection()) {
            late.setAutoCommit(false);
            // stamped after the previous file and before the next one, as a change whose transaction began then
            try (PreparedStatement change = late.prepareStatement(
                    "INSERT INTO pass_history (pass_number, at, event) VALUES (?, ?, 'PassProlonged')")) {
                change.setString(1, number);
                change.setTimestamp(2, Timestamp.from(clock.instant().plusMillis(500)));
                change.executeUpdate();
            }
            cut = run();
            late.commit();
        }
        Run next = run();

        assertThat(cut.state()).as(cut.run().toString()).isEqualTo("DONE");
        assertThat(next.state()).as(next.run().toString()).isEqualTo("DONE");
        assertThat(linesOf(number, cut.file())).isZero();
        assertThat(linesOf(number, next.file())).isEqualTo(1);
    }

    @Test
    void while_another_node_leads_the_flow_this_one_writes_no_file_and_the_day_is_written_once_after() throws Exception {
        String number = issue();
        // a day no file was written for, after the time of the file
        Instant due = LocalDate.of(2061, 5, 2).atTime(7, 0).atZone(PARIS).toInstant().plusSeconds(RUNS.incrementAndGet());
        Leases.Held other = otherNode.acquire(LEASE);
        try {
            clock.set(due);
            assertThat(writer.writeIfDue()).isEmpty();
            Run refused = run();
            assertThat(refused.state()).as(refused.run().toString()).isEqualTo("FAILED");
            assertThat(refused.run().get("error").asText()).contains("est en cours sur un nœud du hub");
            assertThat(refused.file()).doesNotExist();
            assertThat(fileAt(due)).doesNotExist();
        } finally {
            other.close();
        }

        clock.set(due);
        assertThat(writer.writeIfDue()).isPresent();
        assertThat(linesOf(number, fileAt(due))).isEqualTo(1);
        // the next node to check finds the day written
        clock.set(due.plusSeconds(1));
        assertThat(writer.writeIfDue()).isEmpty();
    }

    @Test
    void a_file_whose_lease_another_node_took_over_midway_is_not_written_and_its_changes_wait_for_the_next() throws Exception {
        String number = issue();
        Run lost;
        Leases.Held other;
        try (TableLock history = TableLock.on(dataSource, "pass_history")) {
            Instant at = nextSecond();
            String running = startRun(PassFileWriter.FLOW);
            // the run holds its lease and stops at the changes, locked: nothing of it is committed yet
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM lease WHERE name = ? AND owner = ? AND expires_at > clock_timestamp()")
                    .params(LEASE, leases.node()).query(Long.class).single() == 1);
            other = otherNode.takeOver(LEASE);
            history.close();
            lost = new Run(endOf(running), fileAt(at));
        }
        try {
            assertThat(lost.state()).as(lost.run().toString()).isEqualTo("FAILED");
            assertThat(lost.file()).doesNotExist();
            assertThat(jdbc.sql("SELECT count(*) FROM pass_history WHERE pass_number = ? AND ft_file IS NULL").param(number)
                    .query(Long.class).single()).isEqualTo(1);
        } finally {
            other.close();
        }

        Run next = run();
        assertThat(next.state()).as(next.run().toString()).isEqualTo("DONE");
        assertThat(linesOf(number, next.file())).isEqualTo(1);
    }
    @Test
    void a_file_prepared_by_a_run_that_died_before_writing_it_is_written_by_the_next_run_with_the_same_name_and_changes()
            throws Exception {
        String number = issue();
        // what a node killed between its commit and its write leaves: the changes taken by a PREPARED file
        Instant died = nextSecond();
        String name = fileAt(died).getFileName().toString();
        LocalDate day = died.atZone(PARIS).toLocalDate();
        jdbc.sql("DELETE FROM ft_pass_file WHERE day = ?").param(day).update();
        jdbc.sql("UPDATE pass_history SET ft_file = ? WHERE pass_number = ? AND ft_file IS NULL").params(name, number).update();
        String content = PassFileWriter.HEADER + "\n" + number + ";prepared\n";
        jdbc.sql("INSERT INTO ft_pass_file (day, until, name, rows, content, status) VALUES (?, ?, ?, 1, ?, 'PREPARED')")
                .params(day, Timestamp.from(died), name, content.getBytes(java.nio.charset.StandardCharsets.UTF_8)).update();

        Run next = run();

        assertThat(next.state()).as(next.run().toString()).isEqualTo("DONE");
        assertThat(Files.readString(fileAt(died))).isEqualTo(content);
        assertThat(jdbc.sql("SELECT status FROM ft_pass_file WHERE name = ?").param(name).query(String.class).single())
                .isEqualTo("WRITTEN");
        // the day's file is that one: the run writes no other, and the change is in no other file
        assertThat(next.run().get("counts").get("processed").asLong()).isEqualTo(1);
        assertThat(next.file()).doesNotExist();
        assertThat(jdbc.sql("SELECT count(DISTINCT ft_file) FROM pass_history WHERE pass_number = ?").param(number)
                .query(Long.class).single()).isEqualTo(1);
    }
}
