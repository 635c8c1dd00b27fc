package fr.passerelle.iae.routes.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.conventions.FluxIaeDelivery;

/**
 * FS-01 met late: a hire by an employer ASP does not know yet (PASS-25, UNVERIFIED) gets its PASS and no fiche salarié,
 * is listed as waiting, and gets its fiche when the conventionnement feed (fluxIAE files dropped on the real SFTP server)
 * gives its employer a convention; the fiche then goes to ASP like any other. Fresh SIRETs (SIREN 86…) and structure
 * ids per test.
 */
class HiresAwaitingConventionTest extends HubTestSupport {

    private static final DateTimeFormatter STAMP_DAY = DateTimeFormatter.ofPattern("ddMMyyyy");

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ProducerTemplate producer;

    private String key;
    private String siret;
    private long aspId;

    @BeforeEach
    void unknownEmployer() {
        key = fullKey();
        siret = AspFixtures.newSiret();
        aspId = 86_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
    }

    @Test
    void FS_01_EMP_24_hires_waiting_for_their_employers_convention_get_their_fiches_from_the_conventionnement_feed_once() {
        JsonNode complete = declare(AspFixtures.completeEmployee());
        Map<String, Object> partial = new HashMap<>(AspFixtures.completeEmployee());
        partial.remove("adresse");
        JsonNode incomplete = declare(partial);
        String completePass = complete.get("number").asText();
        String incompletePass = incomplete.get("number").asText();
        Map<String, Object> passOnly = new HashMap<>(AspFixtures.hire(siret, today().plusDays(7), today(), Map.of()));
        passOnly.remove("employee");
        Answer pass = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(passOnly));
        assertThat(pass.status()).as(pass.raw()).isEqualTo(201);
        String passOnlyNumber = pass.body().get("number").asText();

        assertThat(complete.get("decision").asText()).isEqualTo("ISSUED");
        assertThat(complete.get("ficheSalarie").isNull()).isTrue();
        assertThat(incomplete.get("ficheSalarie").isNull()).isTrue();
        assertThat(waiting()).filteredOn(hire -> hire.get("siret").asText().equals(siret))
                .extracting(hire -> hire.get("passNumber").asText() + " " + hire.get("kind").asText() + " "
                        + hire.get("employerStatus").asText())
                .containsExactlyInAnyOrder(completePass + " ACI UNVERIFIED", incompletePass + " ACI UNVERIFIED");
        assertThat(hiresBacklog()).isGreaterThanOrEqualTo(2);
        assertThat(get("/api/v1/ops/hires/waiting-convention", keyWith("pass:read")).status()).isEqualTo(403);
        assertThat(get("/api/v1/ops/hires/waiting-convention?limit=0", key).status()).isEqualTo(400);

        importDelivery(delivery());

        JsonNode ready = fiche(completePass);
        assertThat(ready.get("status").asText()).isEqualTo("READY");
        assertThat(ready.get("siret").asText()).isEqualTo(siret);
        assertThat(ready.get("measure").asText()).isEqualTo("ACI_DC");
        assertThat(ready.get("history")).extracting(line -> line.get("transition").asText() + " " + line.get("detail").asText())
                .containsExactly("create convention ASP reçue", "ready convention ASP reçue");
        JsonNode waitingForData = fiche(incompletePass);
        assertThat(waitingForData.get("status").asText()).isEqualTo("NEW");
        assertThat(waitingForData.get("missing")).extracting(JsonNode::asText).contains("employee.adresse.codetypevoie");
        assertThat(waiting()).noneSatisfy(hire -> assertThat(hire.get("siret").asText()).isEqualTo(siret));
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie WHERE pass_number = ?").param(passOnlyNumber)
                .query(Integer.class).single()).as("a PASS request alone asks for no fiche").isZero();

        String readyId = ready.get("id").asText();
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            JsonNode run = runToEnd("asp-upload");
            assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("DONE");
            assertThat(fiche(completePass).get("status").asText()).isEqualTo("SENT");
        });
        assertThat(fiche(completePass).get("aspFile").asText()).matches("RIAE_FS_\\d{14}\\.json");
        assertThat(jdbc.sql("SELECT count(*) FROM asp_upload_line WHERE fiche_id = ?::uuid").param(readyId).query(Integer.class).single())
                .isEqualTo(1);

        // the next delivery repeats the convention: nothing more is created
        importDelivery(delivery());

        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie WHERE pass_number IN (?, ?)")
                .params(completePass, incompletePass).query(Integer.class).single()).isEqualTo(2);
        assertThat(fiche(completePass).get("history")).hasSize(3);                 // create, ready, send
        assertThat(fiche(incompletePass).get("history")).hasSize(1);
    }

    @Test
    void FS_01_PASS_25_a_hire_by_a_GEIQ_never_waits_for_a_convention() {
        Map<String, Object> hire = new HashMap<>(AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee()));
        hire.put("employer", Map.of("siret", siret, "kind", "GEIQ"));

        Answer refused = post("/api/v1/hires", key, UUID.randomUUID().toString(), toJson(hire));

        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("EMPLOYER_NOT_SIAE");
        assertThat(waiting()).noneSatisfy(line -> assertThat(line.get("siret").asText()).isEqualTo(siret));
    }

    // ------------------------------------------------------------------------------------------------------------

    private JsonNode declare(Map<String, Object> employee) {
        Answer answer = post("/api/v1/hires", key, UUID.randomUUID().toString(),
                toJson(AspFixtures.hire(siret, today().plusDays(7), today(), employee)));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.body();
    }

    private List<JsonNode> waiting() {
        Answer answer = get("/api/v1/ops/hires/waiting-convention?limit=1000", keyWith("ops:read"));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        List<JsonNode> hires = new java.util.ArrayList<>();
        answer.body().forEach(hires::add);
        return hires;
    }

    private long hiresBacklog() {
        for (JsonNode flow : get("/api/v1/ops/flows", keyWith("ops:read")).body()) {
            if (flow.get("flow").asText().equals("hires")) {
                return flow.get("backlog").asLong();
            }
        }
        throw new AssertionError("no flow hires");
    }

    private JsonNode fiche(String passNumber) {
        String id = jdbc.sql("SELECT id::text FROM fiche_salarie WHERE pass_number = ?").param(passNumber).query(String.class).single();
        Answer answer = get("/api/v1/fiches-salarie/" + id, key);
        assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
        return answer.body();
    }

    /** ASP's conventionnement delivery with an active ACI convention for the hiring SIRET. */
    private FluxIaeDelivery delivery() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String stamp = STAMP_DAY.format(today()) + "_" + String.format("%02d%02d%02d", random.nextInt(24), random.nextInt(60), random.nextInt(60));
        LocalDate today = today();
        return new FluxIaeDelivery(stamp)
                .structure(aspId, siret, siret, "ATELIER DES ATTENTES")
                .annex(aspId, "ACI_DC", "ACI086" + String.format("%06d", aspId % 1_000_000), 0, "VALIDE", today.minusMonths(1),
                        today.plusMonths(11));
    }

    /** Drops both views as a partner does (temporary name, then renamed) and waits for the import's end. */
    private void importDelivery(FluxIaeDelivery delivery) {
        drop(delivery.annexName(), delivery.annexFile());
        drop(delivery.structureName(), delivery.structureFile());
        await().atMost(Duration.ofSeconds(120)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.sql(
                "SELECT count(*) FROM exchange WHERE flow = 'conventions' AND name LIKE ? AND status IN ('DONE', 'REFUSED')")
                .param("%" + delivery.stamp + "%").query(Integer.class).single() == 1);
        assertThat(jdbc.sql("SELECT status FROM exchange WHERE flow = 'conventions' AND name LIKE ?")
                .param("%" + delivery.stamp + "%").query(String.class).single()).isEqualTo("DONE");
    }

    private void drop(String name, String content) {
        producer.sendBodyAndHeader("sftp://{{passerelle.sftp.host}}:{{passerelle.sftp.port}}/conventions?username={{passerelle.sftp.user}}"
                + "&privateKeyFile={{passerelle.sftp.private-key}}&knownHostsFile={{passerelle.sftp.known-hosts}}"
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&tempPrefix=.uploading-",
                content.getBytes(StandardCharsets.UTF_8), Exchange.FILE_NAME, name);
    }
}
