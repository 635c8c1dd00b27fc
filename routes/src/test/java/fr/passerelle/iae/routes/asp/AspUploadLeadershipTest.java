package fr.passerelle.iae.routes.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.DayOfWeek;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneOffset;
import java.time.temporal.TemporalAdjusters;
import java.util.UUID;

import javax.sql.DataSource;

import org.apache.camel.CamelContext;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.mappings.asp.AspFileBuilder;
import fr.passerelle.iae.registry.fichesalarie.AspUploads;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.journal.Failpoints;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.lease.ScheduleSlots;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.OtherNode;
import fr.passerelle.iae.routes.TableLock;
import fr.passerelle.iae.routes.ops.Leadership;

/** Flow {@code asp-upload} on several hub nodes (ARCHITECTURE, scale-out): one node at a time, each slot once. */
class AspUploadLeadershipTest extends HubTestSupport {

    private static final String LEASE = Leadership.lease(AspUploads.FLOW);
    // slots at 08:55, 10:55 … UTC on weekdays
    private static final LocalDate MONDAY = LocalDate.now(ZoneOffset.UTC).with(TemporalAdjusters.next(DayOfWeek.MONDAY));

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private DataSource dataSource;
    @Autowired
    private CamelContext camel;
    @Autowired
    private Leases leases;
    @Autowired
    private OtherNode otherNode;
    @Autowired
    private AspUploads uploads;
    @Autowired
    private Leadership leadership;
    @Autowired
    private ScheduleSlots slots;
    @Autowired
    private FlowStates flows;
    @Autowired
    private ProducerTemplate producer;

    private String key;
    private String siret;

    @BeforeEach
    void employerWithConvention() throws Exception {
        key = fullKey();
        siret = AspFixtures.aciWithConvention(jdbc);
        camel.getRouteController().stopRoute(AspUploadRoute.ROUTE);
    }

    @AfterEach
    void scheduleAgain() throws Exception {
        // the slot of next Monday taken here would hold back every slot until then
        jdbc.sql("DELETE FROM schedule_slot WHERE schedule = ?").param(AspUploads.FLOW).update();
        camel.getRouteController().startRoute(AspUploadRoute.ROUTE);
    }

    private String readyFiche() {
        Answer answer = post("/api/v1/hires", key, UUID.randomUUID().toString(),
                toJson(AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee())));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        String id = answer.body().at("/ficheSalarie/id").asText();
        assertThat(ficheStatus(id)).isEqualTo("READY");
        return id;
    }

    private String ficheStatus(String id) {
        return jdbc.sql("SELECT status FROM fiche_salarie WHERE id = ?::uuid").param(id).query(String.class).single();
    }

    private long linesFiled(String id) {
        return jdbc.sql("SELECT count(*) FROM asp_upload_line WHERE fiche_id = ?::uuid").param(id).query(Long.class).single();
    }

    private String run() {
        return runToEnd(AspUploads.FLOW).get("state").asText();
    }

    /** The uploader of a hub node, checking the schedule on its own. */
    private AspUploader node() {
        return new AspUploader(uploads, leadership, slots, flows, producer, clock, "0 55 8-18/2 * * MON-FRI", 1,
                AspFileBuilder.MAX_LINES, AspFileBuilder.MAX_BYTES, new Failpoints(""));
    }

    private void at(int hour, int minute) {
        clock.set(MONDAY.atTime(hour, minute).toInstant(ZoneOffset.UTC));
    }

    private void uploadUntilSent(String id) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            assertThat(run()).isEqualTo("DONE");
            assertThat(ficheStatus(id)).isEqualTo("SENT");
        });
    }

    @Test
    void while_another_node_leads_the_flow_this_one_uploads_nothing_and_runs_once_it_is_released() {
        String id = readyFiche();
        Leases.Held other = otherNode.acquire(LEASE);
        try {
            JsonNode refused = runToEnd(AspUploads.FLOW);
            assertThat(refused.get("state").asText()).as(refused.toString()).isEqualTo("FAILED");
            assertThat(refused.get("error").asText()).contains("est en cours sur un nœud du hub");
            assertThat(ficheStatus(id)).isEqualTo("READY");
            assertThat(linesFiled(id)).isZero();
        } finally {
            other.close();
        }
        uploadUntilSent(id);
    }

    @Test
    void a_slot_runs_on_one_node_once_even_when_another_node_sees_it_after_the_leader_released_its_lease() {
        String id = readyFiche();
        AspUploader first = node();
        AspUploader second = node();
        at(8, 50);
        assertThat(first.runIfDue()).isEmpty();
        assertThat(second.runIfDue()).isEmpty();

        at(9, 0);
        Leases.Held other = otherNode.acquire(LEASE);
        try {
            assertThat(first.runIfDue()).isEmpty();
            assertThat(ficheStatus(id)).isEqualTo("READY");
        } finally {
            other.close();
        }
        // no node ran the slot of 08:55: the next check sees it again
        at(9, 1);
        assertThat(first.runIfDue()).isPresent();
        assertThat(ficheStatus(id)).isEqualTo("SENT");

        clock.reset();
        String later = readyFiche();
        at(9, 2);
        assertThat(second.runIfDue()).isEmpty();
        assertThat(ficheStatus(later)).isEqualTo("READY");
        assertThat(linesFiled(later)).isZero();
    }

    @Test
    void a_run_whose_lease_another_node_took_over_midway_files_no_line_and_leaves_them_to_the_new_leader() throws Exception {
        String id = readyFiche();
        JsonNode lost;
        Leases.Held other;
        try (TableLock files = TableLock.on(dataSource, "asp_upload")) {
            String running = startRun(AspUploads.FLOW);
            // the run holds its lease and stops at its files, locked: nothing of it is committed yet
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                    "SELECT count(*) FROM lease WHERE name = ? AND owner = ? AND expires_at > clock_timestamp()")
                    .params(LEASE, leases.node()).query(Long.class).single() == 1);
            other = otherNode.takeOver(LEASE);
            files.close();
            lost = endOf(running);
        }
        try {
            assertThat(lost.get("state").asText()).as(lost.toString()).isEqualTo("FAILED");
            assertThat(ficheStatus(id)).isEqualTo("READY");
            assertThat(linesFiled(id)).isZero();
        } finally {
            other.close();
        }
        uploadUntilSent(id);
    }
}
