package fr.passerelle.iae.routes.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.events.EmployeeRecordEvent;
import fr.passerelle.iae.events.EmployeeRecordEventType;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;
import fr.passerelle.iae.mappings.asp.FicheSalarieLines;
import fr.passerelle.iae.registry.fichesalarie.AspReturns;
import fr.passerelle.iae.registry.fichesalarie.AspUploads;
import fr.passerelle.iae.registry.fichesalarie.FicheSalarieFactsSource;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.FailOnce;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.OtherNode;
import fr.passerelle.iae.routes.KafkaTopics;
import fr.passerelle.iae.schemas.AspFileSchema;
import fr.passerelle.iae.registry.Sha256;

/**
 * Fiches salarié end to end on the real servers: hires through the API and Kafka, upload files written to the SFTP
 * server's {@code asp/depot}, ASP played by the simulator on the same folders, return files read from
 * {@code asp/retrait}, statuses in PostgreSQL and events on Kafka. Every test uses its own fresh employer (SIREN 86…).
 */
class AspFichesSalarieTest extends HubTestSupport {

    @Autowired
    JdbcClient jdbc;
    @Autowired
    ExchangeJournal journal;
    @Autowired
    javax.sql.DataSource database;
    @Autowired
    OtherNode otherNode;
    @Autowired
    org.apache.camel.CamelContext camel;
    @Autowired
    fr.passerelle.iae.registry.fichesalarie.FicheSalarieArchiving archiving;
    @Autowired
    FicheSalarieFactsSource facts;

    private String key;
    private String siret;
    private Path retrait;

    @BeforeEach
    void employerWithConvention() {
        key = fullKey();
        siret = AspFixtures.aciWithConvention(jdbc);
        retrait = TestInfrastructure.get().sftp().root().resolve("asp/retrait");
    }

    private Answer declare(Map<String, Object> hire) {
        return post("/api/v1/hires", key, UUID.randomUUID().toString(), toJson(hire));
    }

    private JsonNode completeHire() {
        Answer answer = declare(AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee()));
        assertThat(answer.status()).as(answer.raw()).isEqualTo(201);
        return answer.body();
    }

    private String ficheStatus(String id) {
        return jdbc.sql("SELECT status FROM fiche_salarie WHERE id = ?::uuid").param(id).query(String.class).single();
    }

    private String ficheFile(String id) {
        return jdbc.sql("SELECT asp_file FROM fiche_salarie WHERE id = ?::uuid").param(id).query(String.class).single();
    }

    private void runFlow(String flow) {
        JsonNode run = runToEnd(flow);
        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("DONE");
    }

    /** Upload runs until these fiches are all SENT (other READY fiches of the shared database may go first). */
    private void uploadUntilSent(List<String> ids) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).untilAsserted(() -> {
            runFlow("asp-upload");
            assertThat(ids).allSatisfy(id -> assertThat(ficheStatus(id)).isEqualTo("SENT"));
        });
    }

    private static String returnName(String uploadName) {
        return uploadName.replace(".json", "_FichierRetour.json");
    }

    /** The orienteur the registry's facts give the fiche's line (PARTNERS §1.6). */
    private String orienteur(String ficheId) {
        FicheSalarieFacts line = facts.of(UUID.fromString(ficheId), FicheSalarieFacts.CREATION).orElseThrow();
        return FicheSalarieLines.line(line).situationSalarie().orienteur();
    }

    private String sentOrienteur(String ficheId) throws Exception {
        String line = jdbc.sql("SELECT sent_line FROM fiche_salarie WHERE id = ?::uuid").param(ficheId).query(String.class).single();
        return json.readTree(line).at("/situationSalarie/orienteur").asText();
    }

    @Test
    void PARTNERS_1_6_a_reused_PASS_is_sent_with_the_orienteur_of_the_sender_of_the_hire_that_makes_the_fiche() throws Exception {
        Map<String, Object> first = AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee());
        Answer issued = declare(first);   // sent by an authorised France Travail prescriber
        assertThat(issued.status()).as(issued.raw()).isEqualTo(201);
        Map<String, Object> second = new HashMap<>(first);
        second.put("employer", Map.of("siret", AspFixtures.aciWithConvention(jdbc), "kind", "ACI"));
        second.put("origin", Map.of("sender", "PRESCRIBER", "prescriberKind", "ML", "prescriberAuthorized", true));
        Answer reused = declare(second);
        assertThat(reused.status()).as(reused.raw()).isEqualTo(200);
        assertThat(reused.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(reused.body().get("number").asText()).isEqualTo(issued.body().get("number").asText());
        String firstId = issued.body().at("/ficheSalarie/id").asText();
        String secondId = reused.body().at("/ficheSalarie/id").asText();

        assertThat(orienteur(firstId)).isEqualTo("03");
        assertThat(orienteur(secondId)).isEqualTo("01");
        uploadUntilSent(List.of(firstId, secondId));
        assertThat(sentOrienteur(firstId)).isEqualTo("03");
        assertThat(sentOrienteur(secondId)).isEqualTo("01");
    }

    @Test
    void PARTNERS_1_6_a_migrated_agrement_is_sent_with_its_hires_orienteur_never_99() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String root = String.format("86%03d77%05d", random.nextInt(1000), random.nextInt(100_000));
        String franceTravailId = String.format("%07dQ", random.nextInt(10_000_000));
        Map<String, Object> hire = AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee());
        Map<String, Object> person = new HashMap<>(castMap(hire.get("person")));
        person.put("franceTravailId", franceTravailId);
        hire.put("person", person);
        hire.put("origin", Map.of("sender", "PRESCRIBER", "prescriberKind", "CHRS", "prescriberAuthorized", true));
        // an agrément France Travail delivered before the person was known (LEG-06), linked at this hire (LEG-07)
        jdbc.sql("""
                INSERT INTO ft_agrement (root, start_date, end_date, france_travail_id, birth_date, last_name, first_name,
                                         identity_from_plain, identity_end, status)
                VALUES (?, ?, ?, ?, ?, 'MARTIN', 'LUCIE', true, ?, 'UNLINKED')""")
                .params(root, today().minusDays(300), today().plusDays(400), franceTravailId,
                        LocalDate.parse((String) person.get("birthDate")), today().plusDays(400))
                .update();

        Answer migrated = declare(hire);

        assertThat(migrated.status()).as(migrated.raw()).isEqualTo(200);
        assertThat(migrated.body().get("number").asText()).isEqualTo(root);
        assertThat(jdbc.sql("SELECT origin FROM pass WHERE number = ?").param(root).query(String.class).single())
                .isEqualTo("MIGRATED_AGREMENT");
        assertThat(orienteur(migrated.body().at("/ficheSalarie/id").asText())).isEqualTo("12");
    }

    @Test
    void bad_employee_data_is_named_field_by_field_and_a_refused_hire_writes_nothing() {
        Map<String, Object> misspelt = new java.util.HashMap<>(AspFixtures.completeEmployee());
        misspelt.put("adress", Map.of());
        Map<String, Object> badLane = new java.util.HashMap<>(AspFixtures.completeEmployee());
        Map<String, Object> adresse = new java.util.HashMap<>(castMap(badLane.get("adresse")));
        adresse.put("codetypevoie", "AVENUE");
        badLane.put("adresse", adresse);
        long fiches = jdbc.sql("SELECT count(*) FROM fiche_salarie").query(Long.class).single();

        Answer unknownField = declare(AspFixtures.hire(siret, today().plusDays(7), today(), misspelt));
        Answer unknownLaneType = declare(AspFixtures.hire(siret, today().plusDays(7), today(), badLane));
        Answer noKey = post("/api/v1/hires", key, null, toJson(AspFixtures.hire(siret, today().plusDays(7), today(),
                AspFixtures.completeEmployee())));

        assertThat(unknownField.status()).as(unknownField.raw()).isEqualTo(400);
        assertThat(unknownField.raw()).contains("adress");
        // a hire is never refused for its employee data (API.md): the fiche waits NEW, naming the field ASP would refuse
        assertThat(unknownLaneType.status()).as(unknownLaneType.raw()).isEqualTo(201);
        assertThat(unknownLaneType.body().at("/ficheSalarie/status").asText()).isEqualTo("NEW");
        assertThat(unknownLaneType.body().at("/ficheSalarie/missing")).extracting(JsonNode::asText)
                .containsExactly("employee.adresse.codetypevoie");
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie").query(Long.class).single())
                .isEqualTo(fiches + 1);
    }

    @SuppressWarnings("unchecked")
    private static Map<String, Object> castMap(Object value) {
        return (Map<String, Object>) value;
    }

    @Test
    void FS_02_a_complete_hire_gets_a_READY_fiche_and_an_incomplete_one_waits_NEW_listing_what_is_missing() {
        JsonNode complete = completeHire();
        assertThat(complete.get("decision").asText()).isEqualTo("ISSUED");
        assertThat(complete.get("ficheSalarie").get("status").asText()).isEqualTo("READY");
        assertThat(complete.get("ficheSalarie").get("missing")).isEmpty();

        Map<String, Object> partial = new java.util.HashMap<>(AspFixtures.completeEmployee());
        partial.remove("adresse");
        Answer incomplete = declare(AspFixtures.hire(siret, today().plusDays(7), today(), partial));
        assertThat(incomplete.status()).isEqualTo(201);
        JsonNode fiche = incomplete.body().get("ficheSalarie");
        assertThat(fiche.get("status").asText()).isEqualTo("NEW");
        assertThat(fiche.get("missing")).extracting(JsonNode::asText).containsExactly("employee.adresse.codetypevoie",
                "employee.adresse.adrLibelleVoie", "employee.adresse.codepostalcedex", "employee.adresse.codeinseecom");

        Answer shown = get("/api/v1/fiches-salarie/" + fiche.get("id").asText(), key);
        assertThat(shown.status()).isEqualTo(200);
        assertThat(shown.body().get("siret").asText()).isEqualTo(siret);
        assertThat(shown.body().get("measure").asText()).isEqualTo("ACI_DC");
        assertThat(shown.body().get("passNumber").asText()).isEqualTo(incomplete.body().get("number").asText());
        assertThat(shown.body().get("history").get(0).get("status").asText()).isEqualTo("NEW");

        Answer listed = get("/api/v1/ops/fiches-salarie?status=NEW&limit=1000", key);
        assertThat(listed.status()).isEqualTo(200);
        assertThat(listed.body()).anySatisfy(line -> {
            assertThat(line.get("id").asText()).isEqualTo(fiche.get("id").asText());
            assertThat(line.get("missing").get(0).asText()).isEqualTo("employee.adresse.codetypevoie");
        });
        assertThat(get("/api/v1/ops/fiches-salarie", keyWith("pass:read")).status()).isEqualTo(403);
    }

    @Test
    void hire_to_ASP_and_back_PROCESSED_and_REJECTED_with_their_events_a_duplicate_return_file_changes_nothing() throws Exception {
        JsonNode first = completeHire();
        JsonNode second = completeHire();
        String firstId = first.get("ficheSalarie").get("id").asText();
        String secondId = second.get("ficheSalarie").get("id").asText();
        String secondPass = second.get("number").asText();
        asp().injectCode(secondPass, "3417", "Commune de résidence inconnue");
        Path noise = retrait.resolve("RIAE_CONV_20250305095500.json");
        Files.writeString(noise, "{\"autre flux\": true}");

        uploadUntilSent(List.of(firstId, secondId));

        String file = ficheFile(firstId);
        assertThat(file).matches("^RIAE_FS_[0-9]{14}\\.json$");
        byte[] content = jdbc.sql("SELECT content FROM asp_upload WHERE name = ?").param(file).query(byte[].class).single();
        assertThat(AspFileSchema.violations(content)).isEmpty();
        assertThat(get("/api/v1/fiches-salarie/" + firstId, key).body().get("aspLine").asInt()).isPositive();

        asp().processDeposits();
        Path returned = retrait.resolve(returnName(ficheFile(secondId)));
        assertThat(returned).exists();
        byte[] returnedBytes = Files.readAllBytes(returned);
        runFlow("asp-returns");

        assertThat(ficheStatus(firstId)).isEqualTo("PROCESSED");
        assertThat(ficheStatus(secondId)).isEqualTo("REJECTED");
        JsonNode rejected = get("/api/v1/fiches-salarie/" + secondId, key).body();
        assertThat(rejected.get("aspCode").asText()).isEqualTo("3417");
        assertThat(rejected.get("history")).extracting(h -> h.get("status").asText()).containsExactly("NEW", "READY", "SENT", "REJECTED");
        assertThat(jdbc.sql("SELECT returned_line FROM fiche_salarie WHERE id = ?::uuid").param(firstId).query(String.class).single())
                .contains("\"codeTraitement\":\"0000\"");
        assertThat(returned).doesNotExist();
        assertThat(noise).exists();   // a file of another ASP flow is left alone
        // the evidence of the PASS: its request, the upload that carried its fiche and the return that answered it, each
        // file kept as exchanged (sealed: it names persons)
        assertThat(jdbc.sql("""
                SELECT convert_from(l.body, 'UTF8')::jsonb ->> 'flow' FROM evidence_leaf l JOIN evidence_leaf_pass p ON p.leaf_id = l.id
                WHERE p.pass_number = ? ORDER BY l.id""").param(secondPass).query(String.class).list())
                .containsSubsequence("hires", "asp-upload", "asp-returns");
        assertThat(jdbc.sql("SELECT sealed FROM evidence_object WHERE sha256 = ?").param(Sha256.of(returnedBytes))
                .query(Boolean.class).single()).isTrue();
        // the return's leaf names the upload it answers: its journal entry and the SHA-256 of the bytes sent
        record Sent(UUID exchange, byte[] content) {
        }
        Sent upload = jdbc.sql("SELECT exchange_id, content FROM asp_upload WHERE name = ?").param(ficheFile(secondId))
                .query((rs, n) -> new Sent(rs.getObject(1, UUID.class), rs.getBytes(2))).single();
        JsonNode returnLeaf = json.readTree(jdbc.sql("""
                SELECT l.body FROM evidence_leaf l JOIN exchange e ON e.id = l.exchange_id WHERE e.flow = 'asp-returns' AND e.sha256 = ?""")
                .param(Sha256.of(returnedBytes)).query(byte[].class).single());
        assertThat(returnLeaf.at("/answers/exchange").asText()).isEqualTo(upload.exchange().toString());
        assertThat(returnLeaf.at("/answers/sha256").asText()).isEqualTo(Sha256.of(upload.content()));
        // the auditor's export of the return alone carries the upload it answers, as exchanged
        UUID returnExchange = jdbc.sql("SELECT id FROM exchange WHERE flow = 'asp-returns' AND sha256 = ?").param(Sha256.of(returnedBytes))
                .query((rs, n) -> rs.getObject(1, UUID.class)).single();
        HttpRequest exportRequest = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evidence?exchange="
                + returnExchange)).header("Authorization", "Bearer " + keyWith("audit:read")).GET().build();
        HttpResponse<byte[]> export = await().atMost(Duration.ofSeconds(30))
                .until(() -> http.send(exportRequest, HttpResponse.BodyHandlers.ofByteArray()), answer -> answer.statusCode() == 200);
        Map<String, byte[]> exported = new HashMap<>();
        try (ZipInputStream zip = new ZipInputStream(new ByteArrayInputStream(export.body()))) {
            for (ZipEntry entry = zip.getNextEntry(); entry != null; entry = zip.getNextEntry()) {
                exported.put(entry.getName(), zip.readAllBytes());
            }
        }
        assertThat(exported.get("files/" + Sha256.of(returnedBytes))).isEqualTo(returnedBytes);
        assertThat(exported.get("files/" + Sha256.of(upload.content()))).isEqualTo(upload.content());

        List<ConsumerRecord<String, byte[]>> events = KafkaTopics.await("iae.employee-records.v1", r -> secondPass.equals(r.key()), 2,
                Duration.ofSeconds(30));
        assertThat(events).hasSize(2);
        EmployeeRecordEvent sent = EmployeeRecordEvent.getDecoder().decode(events.get(0).value());
        EmployeeRecordEvent refused = EmployeeRecordEvent.getDecoder().decode(events.get(1).value());
        assertThat(sent.getType()).isEqualTo(EmployeeRecordEventType.FicheSalarieSent);
        assertThat(refused.getType()).isEqualTo(EmployeeRecordEventType.FicheSalarieRejected);
        assertThat(refused.getAspCode()).isEqualTo("3417");
        assertThat(refused.getSiret()).isEqualTo(siret);

        // ASP delivers the same return file again: acknowledged and removed, nothing changes
        long history = jdbc.sql("SELECT count(*) FROM fiche_salarie_history").query(Long.class).single();
        Files.write(returned, returnedBytes);
        runFlow("asp-returns");
        assertThat(returned).doesNotExist();
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_history").query(Long.class).single()).isEqualTo(history);
        assertThat(ficheStatus(firstId)).isEqualTo("PROCESSED");
        assertThat(noise).exists();
        Files.delete(noise);
    }

    @Test
    void a_hub_killed_between_download_and_commit_applies_the_return_file_exactly_once_after_restart() throws Exception {
        String id = completeHire().get("ficheSalarie").get("id").asText();
        uploadUntilSent(List.of(id));
        asp().processDeposits();
        String returnName = returnName(ficheFile(id));
        Path returned = retrait.resolve(returnName);
        assertThat(returned).exists();
        // the database fails the file's transaction once, as a hub stopped before its commit would leave it
        try (FailOnce fault = FailOnce.on(database, "INSERT", "asp_return", "NEW.name = '" + returnName + "'",
                "hub stopped before its commit")) {
            runFlow("asp-returns");
            assertThat(returned).exists();
            assertThat(ficheStatus(id)).isEqualTo("SENT");

            runFlow("asp-returns");
            assertThat(ficheStatus(id)).isEqualTo("PROCESSED");
            assertThat(returned).doesNotExist();
            assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_history WHERE fiche_id = ?::uuid AND transition = 'process'")
                    .param(id).query(Long.class).single()).isEqualTo(1);
        }
    }

    @Test
    void a_return_file_claimed_by_another_node_is_read_again_at_the_next_poll_once_released_not_at_the_next_slot() throws Exception {
        String id = completeHire().get("ficheSalarie").get("id").asText();
        uploadUntilSent(List.of(id));
        asp().processDeposits();
        Path returned = retrait.resolve(returnName(ficheFile(id)));
        assertThat(returned).exists();
        // what another node leaves while it applies the file, or once killed doing so until its claim expires
        UUID exchange = journal.open(AspReturns.FLOW, AspUploads.PARTNER, ExchangeJournal.Direction.IN,
                returned.getFileName().toString(), Sha256.of(returned), Files.size(returned), null).orElseThrow();
        Leases.Held claim = otherNode.acquire("exchange:" + exchange);
        try {
            runFlow("asp-returns");
            assertThat(returned).exists();
            assertThat(ficheStatus(id)).isEqualTo("SENT");
        } finally {
            claim.close();
        }

        // no run asked for, no slot of the schedule
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(200))
                .until(() -> ficheStatus(id).equals("PROCESSED") && !Files.exists(returned));
    }

    @Test
    void PARTNERS_1_2_a_file_whose_write_a_crash_interrupted_is_never_written_again_and_its_return_file_confirms_it()
            throws Exception {
        String id = completeHire().get("ficheSalarie").get("id").asText();
        // the database refuses the commit that follows the write once, as a hub killed between the two would leave it
        String upload;
        try (FailOnce fault = FailOnce.on(database, "UPDATE", "asp_upload", "NEW.status = 'SENT' AND EXISTS (SELECT 1 FROM "
                + "asp_upload_line WHERE upload_id = NEW.id AND fiche_id = '" + id + "')", "hub stopped between the write and its commit")) {
            await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(() -> {
                runToEnd("asp-upload");
                return jdbc.sql("""
                        SELECT count(*) FROM asp_upload u JOIN asp_upload_line l ON l.upload_id = u.id
                        WHERE l.fiche_id = ?::uuid AND u.status = 'WRITING'""").param(id).query(Long.class).single() == 1;
            });
        }
        upload = jdbc.sql("SELECT u.name FROM asp_upload u JOIN asp_upload_line l ON l.upload_id = u.id WHERE l.fiche_id = ?::uuid")
                .param(id).query(String.class).single();
        Path deposited = retrait.resolveSibling("depot").resolve(upload);
        byte[] written = Files.readAllBytes(deposited);
        Files.delete(deposited);

        // later runs do not write it again, and say so
        runFlow("asp-upload");
        runFlow("asp-upload");
        assertThat(deposited).doesNotExist();
        assertThat(ficheStatus(id)).isEqualTo("READY");
        JsonNode flow = null;
        for (JsonNode f : get("/api/v1/ops/flows", key).body()) {
            if (f.get("flow").asText().equals("asp-upload")) {
                flow = f;
            }
        }
        assertThat(flow).isNotNull();
        assertThat(flow.get("lastError").asText()).contains(upload).contains("non renvoyé");
        assertThat(jdbc.sql("SELECT count(*) FROM asp_upload_line l JOIN fiche_salarie f ON f.id = l.fiche_id WHERE f.id = ?::uuid")
                .param(id).query(Long.class).single()).as("its lines went into no other file").isEqualTo(1);

        // it was at ASP after all: ASP's return file confirms it, and it is applied
        Files.write(deposited, written);
        asp().processDeposits();
        runFlow("asp-returns");
        assertThat(jdbc.sql("SELECT status FROM asp_upload WHERE name = ?").param(upload).query(String.class).single()).isEqualTo("SENT");
        assertThat(ficheStatus(id)).isEqualTo("PROCESSED");
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_history WHERE fiche_id = ?::uuid AND transition = 'send'")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void PARTNERS_1_8_archiving_keeps_codes_files_and_lines_and_drops_every_copy_of_the_lines_sent_and_returned() {
        String old = completeHire().get("ficheSalarie").get("id").asText();
        String recent = completeHire().get("ficheSalarie").get("id").asText();
        uploadUntilSent(List.of(old, recent));
        asp().processDeposits();
        runFlow("asp-returns");
        assertThat(ficheStatus(old)).isEqualTo("PROCESSED");
        String upload = ficheFile(old);
        // its PASS ended 7 months ago (no longer open to prolongation, PROL-03), the fiche is 7 months old, unchanged for 2
        jdbc.sql("""
                UPDATE pass SET start_date = ?, end_date = ? WHERE number = (SELECT pass_number FROM fiche_salarie WHERE id = ?::uuid)""")
                .params(java.sql.Date.valueOf(today().minusYears(3)), java.sql.Date.valueOf(today().minusMonths(7)), old).update();
        jdbc.sql("UPDATE fiche_salarie SET created_at = ?, updated_at = ? WHERE id = ?::uuid")
                .params(java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(213))),
                        java.sql.Timestamp.from(clock.instant().minus(Duration.ofDays(62))), old).update();

        assertThat(archiving.archiveDue()).isEqualTo(1);
        assertThat(archiving.archiveDue()).as("archived once").isZero();

        assertThat(ficheStatus(old)).isEqualTo("ARCHIVED");
        assertThat(ficheStatus(recent)).isEqualTo("PROCESSED");
        Map<String, Object> fiche = jdbc.sql("SELECT asp_file, asp_line, asp_code, sent_line, returned_line FROM fiche_salarie WHERE id = ?::uuid")
                .param(old).query().singleRow();
        assertThat(fiche.get("asp_file")).isEqualTo(upload);
        assertThat(fiche.get("asp_code")).isEqualTo("0000");
        assertThat(fiche.get("asp_line")).isNotNull();
        assertThat(fiche.get("sent_line")).isNull();
        assertThat(fiche.get("returned_line")).isNull();
        assertThat(jdbc.sql("SELECT count(*) FROM asp_upload_line WHERE fiche_id = ?::uuid AND line IS NOT NULL").param(old)
                .query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT transition || ' ' || asp_code FROM fiche_salarie_history WHERE fiche_id = ?::uuid ORDER BY id DESC LIMIT 1")
                .param(old).query(String.class).single()).isEqualTo("archive 0000");
        String nir = jdbc.sql("SELECT p.nir FROM fiche_salarie f JOIN pass s ON s.number = f.pass_number JOIN person p ON p.id = s.person_id "
                + "WHERE f.id = ?::uuid").param(old).query(String.class).single();
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_update WHERE fiche_id = ?::uuid AND (sent_line LIKE ? OR returned_line LIKE ?)")
                .params(old, "%" + nir + "%", "%" + nir + "%").query(Long.class).single()).isZero();
        // a file keeps its bytes while a line of it is kept (the recent fiche's, when they went together), and only then
        boolean linesLeft = jdbc.sql("SELECT count(*) FROM asp_upload_line l JOIN asp_upload u ON u.id = l.upload_id "
                + "WHERE u.name = ? AND l.line IS NOT NULL").param(upload).query(Long.class).single() > 0;
        assertThat(jdbc.sql("SELECT length(content) > 0 FROM asp_upload WHERE name = ?").param(upload).query(Boolean.class).single())
                .isEqualTo(linesLeft);
    }

    @Test
    void PARTNERS_1_7_a_return_file_of_an_unknown_upload_is_refused_whole_left_in_place_shown_to_operators_and_held_back_after_3() throws Exception {
        Path unknown = retrait.resolve("RIAE_FS_19990101000000_FichierRetour.json");
        Files.writeString(unknown, "{\"msgInformatif\": null, \"telId\": null, \"lignesTelechargement\": [{\"numLigne\": 1, "
                + "\"typeMouvement\": \"C\", \"codeTraitement\": \"0000\", \"libelleTraitement\": \"OK\"}]}", StandardCharsets.UTF_8);
        try {
            runFlow("asp-returns");
            assertThat(unknown).exists();
            Answer exchanges = get("/api/v1/ops/exchanges?partner=ASP&direction=IN&limit=1000", key);
            assertThat(exchanges.body()).anySatisfy(e -> {
                assertThat(e.get("name").asText()).isEqualTo(unknown.getFileName().toString());
                assertThat(e.get("status").asText()).isEqualTo("REFUSED");
            });
            // refused at every run, and after 3 in a row no longer downloaded (FILE-03): it stays in ASP's folder
            runFlow("asp-returns");
            runFlow("asp-returns");
            String held = "SELECT error FROM exchange WHERE flow = 'asp-returns' AND name = ?";
            assertThat(jdbc.sql(held).param(unknown.getFileName().toString()).query(String.class).single()).startsWith("FILE-03");
            runFlow("asp-returns");
            assertThat(unknown).exists();
            assertThat(jdbc.sql(held).param(unknown.getFileName().toString()).query(String.class).single()).startsWith("FILE-03");
        } finally {
            Files.deleteIfExists(unknown);
        }
    }

    @Test
    void PARTNERS_1_7_a_return_file_is_applied_line_by_line_and_a_line_applied_before_has_no_second_effect() throws Exception {
        String id = completeHire().get("ficheSalarie").get("id").asText();
        uploadUntilSent(List.of(id));
        String upload = ficheFile(id);
        int line = jdbc.sql("SELECT asp_line FROM fiche_salarie WHERE id = ?::uuid").param(id).query(Integer.class).single();
        Path returned = retrait.resolve(returnName(upload));
        // three lines that cannot be applied: a wrong movement, an unknown line number, a malformed code
        Files.writeString(returned, "{\"msgInformatif\": null, \"telId\": null, \"lignesTelechargement\": [{\"numLigne\": " + line
                + ", \"typeMouvement\": \"M\", \"codeTraitement\": \"0000\", \"libelleTraitement\": \"OK\"}, {\"numLigne\": 9999, "
                + "\"typeMouvement\": \"C\", \"codeTraitement\": \"0000\"}, {\"numLigne\": " + line + ", \"typeMouvement\": \"C\", "
                + "\"codeTraitement\": \"OK\"}]}", StandardCharsets.UTF_8);

        runFlow("asp-returns");
        assertThat(returned).doesNotExist();
        assertThat(ficheStatus(id)).isEqualTo("SENT");
        Map<String, Object> first = jdbc.sql("SELECT id, status, received, applied, rejected FROM exchange WHERE flow = 'asp-returns' "
                + "AND name = ? ORDER BY received_at DESC LIMIT 1").param(returned.getFileName().toString()).query().singleRow();
        assertThat(first).containsEntry("status", "DONE").containsEntry("received", 3).containsEntry("applied", 0)
                .containsEntry("rejected", 3);
        assertThat(jdbc.sql("SELECT code FROM reject WHERE exchange_id = ? ORDER BY code").param(first.get("id")).query(String.class).list())
                .containsExactly("ASP_RETURN_CODE", "ASP_RETURN_MOVEMENT", "ASP_RETURN_UNKNOWN_LINE");

        asp().processDeposits();   // ASP's own answer, under the same name
        assertThat(returned).exists();
        byte[] answer = Files.readAllBytes(returned);
        runFlow("asp-returns");
        assertThat(ficheStatus(id)).isEqualTo("PROCESSED");
        assertThat(returned).doesNotExist();

        // the same answer again, a byte apart: its line is no longer SENT, so it is set aside and nothing changes
        Files.write(returned, answer);
        Files.writeString(returned, " ", StandardCharsets.UTF_8, java.nio.file.StandardOpenOption.APPEND);
        runFlow("asp-returns");
        assertThat(returned).doesNotExist();
        assertThat(ficheStatus(id)).isEqualTo("PROCESSED");
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_history WHERE fiche_id = ?::uuid AND transition = 'process'")
                .param(id).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void PARTNERS_1_3_the_701st_READY_fiche_goes_into_a_second_file() throws Exception {
        // the fiches other tests left READY go first (oldest last update first): send them out of the way
        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            runFlow("asp-upload");
            assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie WHERE status = 'READY'").query(Long.class).single()).isZero();
        });
        List<String> ids = new ArrayList<>();
        // no scheduled upload meanwhile (another test moved the clock past a slot): the run below takes all 701 at once
        camel.getRouteController().stopRoute(AspUploadRoute.ROUTE);
        try {
            for (int i = 0; i < 701; i++) {
                ids.add(completeHire().get("ficheSalarie").get("id").asText());
            }
            uploadUntilSent(ids);
        } finally {
            camel.getRouteController().startRoute(AspUploadRoute.ROUTE);
        }
        List<String> files = ids.stream().map(this::ficheFile).distinct().toList();
        assertThat(files).hasSize(2);
        assertThat(ids.stream().filter(id -> ficheFile(id).equals(files.get(0))).count()).isEqualTo(700);
        int lastLine = jdbc.sql("SELECT asp_line FROM fiche_salarie WHERE id = ?::uuid").param(ids.get(700)).query(Integer.class).single();
        assertThat(lastLine).isEqualTo(1);
        assertThat(jdbc.sql("SELECT lines FROM asp_upload WHERE name = ?").param(files.get(0)).query(Integer.class).single()).isEqualTo(700);
        asp().processDeposits();
        runFlow("asp-returns");
        assertThat(jdbc.sql("SELECT status || ' ' || coalesce(asp_code, '-') || ' ' || count(*) FROM fiche_salarie WHERE siret = ? "
                + "GROUP BY status, asp_code").param(siret).query(String.class).list()).containsExactly("PROCESSED 0000 701");
    }

    @Test
    void SUSP_11_a_suspension_of_a_PROCESSED_fiche_sends_an_update_notification_in_its_own_file() {
        LocalDate start = today();
        clock.set(start.atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
        Answer hired = declare(AspFixtures.hire(siret, start, start, AspFixtures.completeEmployee()));
        String id = hired.body().get("ficheSalarie").get("id").asText();
        String pass = hired.body().get("number").asText();
        uploadUntilSent(List.of(id));
        asp().processDeposits();
        runFlow("asp-returns");
        assertThat(ficheStatus(id)).isEqualTo("PROCESSED");

        clock.set(start.plusDays(40).atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
        Answer suspended = post("/api/v1/passes/" + pass + "/suspensions", key, UUID.randomUUID().toString(), toJson(Map.of(
                "startDate", start.plusDays(10).toString(), "endDate", start.plusDays(19).toString(),
                "reason", "CONTRACT_SUSPENDED", "siret", siret)));
        assertThat(suspended.status()).as(suspended.raw()).isEqualTo(201);
        String newEnd = suspended.body().get("endDate").asText();
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_update WHERE fiche_id = ?::uuid AND status = 'NEW'")
                .param(id).query(Long.class).single()).isEqualTo(1);

        await().atMost(Duration.ofSeconds(60)).untilAsserted(() -> {
            runFlow("asp-upload");
            assertThat(jdbc.sql("SELECT status FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(String.class).single())
                    .isEqualTo("SENT");
        });
        String updateFile = jdbc.sql("SELECT asp_file FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(String.class).single();
        assertThat(updateFile).isNotEqualTo(ficheFile(id));
        String line = jdbc.sql("SELECT sent_line FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(String.class).single();
        LocalDate end = LocalDate.parse(newEnd);
        assertThat(line).contains("\"typeMouvement\":\"M\"")
                .contains("\"passDateFin\":\"" + String.format("%02d/%02d/%d", end.getDayOfMonth(), end.getMonthValue(), end.getYear()) + "\"");
        assertThat(jdbc.sql("SELECT movement FROM asp_upload WHERE name = ?").param(updateFile).query(String.class).single()).isEqualTo("M");
        assertThat(ficheStatus(id)).isEqualTo("PROCESSED");

        asp().processDeposits();
        runFlow("asp-returns");
        assertThat(jdbc.sql("SELECT status FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(String.class).single())
                .isEqualTo("PROCESSED");
    }

    @Test
    void PARTNERS_1_7_a_3436_duplicate_of_a_suspended_PASS_is_PROCESSED_and_queues_an_update_notification() {
        LocalDate start = today();
        clock.set(start.atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
        Answer hired = declare(AspFixtures.hire(siret, start, start, AspFixtures.completeEmployee()));
        String id = hired.body().get("ficheSalarie").get("id").asText();
        String pass = hired.body().get("number").asText();
        clock.set(start.plusDays(40).atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
        assertThat(post("/api/v1/passes/" + pass + "/suspensions", key, UUID.randomUUID().toString(), toJson(Map.of(
                "startDate", start.plusDays(10).toString(), "endDate", start.plusDays(19).toString(),
                "reason", "CONTRACT_SUSPENDED", "siret", siret))).status()).isEqualTo(201);
        // READY, never sent: ASP cannot hold old dates yet, so no update notification (§1.9)
        assertThat(jdbc.sql("SELECT count(*) FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(Long.class).single()).isZero();

        asp().injectCode(pass, "3436", "Doublon");
        uploadUntilSent(List.of(id));
        asp().processDeposits();
        runFlow("asp-returns");

        JsonNode fiche = get("/api/v1/fiches-salarie/" + id, key).body();
        assertThat(fiche.get("status").asText()).isEqualTo("PROCESSED");
        assertThat(fiche.get("aspCode").asText()).isEqualTo("3436");
        assertThat(fiche.get("processedAsDuplicate").asBoolean()).isTrue();
        assertThat(jdbc.sql("SELECT status FROM fiche_salarie_update WHERE fiche_id = ?::uuid").param(id).query(String.class).list())
                .containsExactly("NEW");
    }

    @Test
    void PASS_50_PASS_51_cancelling_a_hire_deletes_its_unsent_fiche_and_is_refused_once_the_fiche_was_sent() {
        JsonNode unsent = completeHire();
        Answer cancelled = post("/api/v1/passes/" + unsent.get("number").asText() + "/cancellation", key, UUID.randomUUID().toString(),
                toJson(Map.of("siret", siret, "reason", "embauche annulée")));
        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(get("/api/v1/fiches-salarie/" + unsent.get("ficheSalarie").get("id").asText(), key).status()).isEqualTo(404);

        JsonNode sent = completeHire();
        uploadUntilSent(List.of(sent.get("ficheSalarie").get("id").asText()));
        Answer refused = post("/api/v1/passes/" + sent.get("number").asText() + "/cancellation", key, UUID.randomUUID().toString(),
                toJson(Map.of("siret", siret, "reason", "embauche annulée")));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("CANCELLATION_NOT_ALLOWED");
    }

    @Test
    void a_hire_on_iae_hires_v1_gets_its_PASS_and_its_fiche_salarie() {
        Map<String, Object> hire = AspFixtures.hire(siret, today().plusDays(7), today(), AspFixtures.completeEmployee());
        KafkaTopics.send(new ProducerRecord<>("iae.hires.v1", "hire-" + UUID.randomUUID(), toJson(hire).getBytes(StandardCharsets.UTF_8)));
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() ->
                assertThat(jdbc.sql("SELECT status FROM fiche_salarie WHERE siret = ?").param(siret).query(String.class).list())
                        .containsExactly("READY"));
    }
}
