package fr.passerelle.iae.routes.francetravail;

import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.drop;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.loaded;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.newFileName;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.newFranceTravailId;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.newRoot;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * LEG-07 whatever arrived first: an agrément loaded before its person was known becomes their PASS (or their waiting
 * period) at their first hire, decided in the hire's transaction; files, hires and the registry on the real servers.
 */
class AgrementAtHireTest extends HubTestSupport {

    private static final LocalDate BIRTH = LocalDate.of(1988, 3, 14);
    private static final String BIRTH_IN_FILE = "14/03/88";
    private static final String ACI = "73282932000074";

    @Autowired
    private JdbcClient jdbc;

    private String key;

    @BeforeEach
    void client() {
        key = fullKey();
    }

    /** A person the registry has never seen: a NIR, and the France Travail id + birth date the agréments file carries. */
    private static Map<String, Object> person(String ftId) {
        Map<String, Object> person = new HashMap<>(PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH));
        person.put("franceTravailId", ftId);
        return person;
    }

    private Answer hire(Map<String, Object> person, LocalDate hiring) {
        return post("/api/v1/passes", key, UUID.randomUUID().toString(),
                toJson(PassFixtures.issuance(person, ACI, "ACI", hiring, today())));
    }

    /** A hire sent by the job seeker with the employer's own diagnosis: nothing lifts a waiting period (PASS-32). */
    private Answer selfPrescribedHire(Map<String, Object> person, LocalDate hiring) {
        Map<String, Object> request = new HashMap<>(PassFixtures.issuance(person, ACI, "ACI", hiring, today()));
        request.put("eligibility", Map.of("author", "EMPLOYER", "criteria", List.of("RSA"), "diagnosedOn", today().toString()));
        request.put("origin", Map.of("sender", "JOB_SEEKER", "prescriberAuthorized", false));
        return post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(request));
    }

    private String agrementStatus(String root) {
        return jdbc.sql("SELECT status FROM ft_agrement WHERE root = ?").param(root).query(String.class).single();
    }

    private JsonNode exchange(String name) {
        for (JsonNode e : get("/api/v1/ops/exchanges?partner=france-travail&limit=1000", key).body()) {
            if (e.get("name").asText().equals(name)) {
                return e;
            }
        }
        throw new AssertionError("no journal entry " + name);
    }

    @Test
    void LEG_07_a_current_agrement_loaded_first_is_the_PASS_of_the_first_hire_found_by_france_travail_id_beside_a_NIR() {
        String ftId = newFranceTravailId();
        String root = newRoot();
        LocalDate start = today().minusDays(300);
        LocalDate end = today().plusDays(400);
        String name = newFileName();
        drop(name, row(ftId, root, start.toString(), end.toString(), BIRTH_IN_FILE));
        assertThat(loaded(jdbc, name)).containsEntry("unlinked", 1L);
        Map<String, Object> person = person(ftId);

        Answer first = hire(person, today().plusDays(7));

        assertThat(first.status()).as(first.raw()).isEqualTo(200);
        assertThat(first.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(first.body().get("number").asText()).isEqualTo(root);
        assertThat(first.body().get("startDate").asText()).isEqualTo(start.toString());
        assertThat(first.body().get("endDate").asText()).isEqualTo(end.toString());
        Answer migrated = get("/api/v1/passes/" + root, key);
        assertThat(migrated.status()).isEqualTo(200);
        assertThat(migrated.body().get("origin").asText()).isEqualTo("MIGRATED_AGREMENT");
        assertThat(migrated.body().get("status").asText()).isEqualTo("VALID");
        assertThat(migrated.body().get("personId").asText()).isEqualTo(first.body().get("personId").asText());
        assertThat(agrementStatus(root)).isEqualTo("LINKED");

        // the person known by NIR alone from now on: the same PASS, never a second number
        Map<String, Object> byNir = new HashMap<>(person);
        byNir.remove("franceTravailId");
        Answer second = hire(byNir, today().plusDays(20));
        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("number").asText()).isEqualTo(root);
        assertThat(jdbc.sql("SELECT count(*) FROM pass WHERE person_id = ?::uuid").param(first.body().get("personId").asText())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void ID_61_LEG_06_a_person_known_by_NIR_alone_who_gives_their_france_travail_id_gets_their_agrements_linked() {
        String ftId = newFranceTravailId();
        Map<String, Object> person = person(ftId);
        Map<String, Object> byNir = new HashMap<>(person);
        byNir.remove("franceTravailId");
        Answer issued = hire(byNir, today().plusDays(7));
        assertThat(issued.status()).isEqualTo(201);
        String root = newRoot();
        String name = newFileName();
        drop(name, row(ftId, root, "2016-01-01", "2017-12-31", BIRTH_IN_FILE));
        assertThat(loaded(jdbc, name)).containsEntry("unlinked", 1L);

        Answer again = hire(person, today().plusDays(10));

        assertThat(again.status()).isEqualTo(200);
        assertThat(again.body().get("number").asText()).isEqualTo(issued.body().get("number").asText());
        Answer migrated = get("/api/v1/passes/" + root, key);
        assertThat(migrated.status()).isEqualTo(200);
        assertThat(migrated.body().get("origin").asText()).isEqualTo("MIGRATED_AGREMENT");
        assertThat(migrated.body().get("personId").asText()).isEqualTo(issued.body().get("personId").asText());
    }

    @Test
    void LEG_07_PASS_31_PASS_32_an_agrement_ended_less_than_two_years_ago_is_the_waiting_period_of_the_first_hire() {
        String ftId = newFranceTravailId();
        String root = newRoot();
        LocalDate end = today().minusDays(100);
        String name = newFileName();
        drop(name, row(ftId, root, end.minusDays(729).toString(), end.toString(), BIRTH_IN_FILE));
        assertThat(loaded(jdbc, name)).containsEntry("unlinked", 1L);
        Map<String, Object> person = person(ftId);

        Answer refused = selfPrescribedHire(person, today().plusDays(7));

        assertThat(refused.status()).as(refused.raw()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("WAITING_PERIOD");
        assertThat(refused.body().get("details").get("rule").asText()).isEqualTo("PASS-32");

        Answer prescribed = hire(person, today().plusDays(7));

        assertThat(prescribed.status()).as(prescribed.raw()).isEqualTo(201);
        assertThat(prescribed.body().get("decision").asText()).isEqualTo("ISSUED");
        assertThat(prescribed.body().get("number").asText()).isNotEqualTo(root).startsWith("XXXXX");
        Answer migrated = get("/api/v1/passes/" + root, key);
        assertThat(migrated.body().get("origin").asText()).isEqualTo("MIGRATED_AGREMENT");
        assertThat(migrated.body().get("status").asText()).isEqualTo("EXPIRED");
        assertThat(migrated.body().get("personId").asText()).isEqualTo(prescribed.body().get("personId").asText());
    }

    @Test
    void LEG_07_PASS_20_twenty_concurrent_hires_while_the_file_is_imported_end_with_one_PASS_the_agrement_number() throws Exception {
        String ftId = newFranceTravailId();
        String root = newRoot();
        LocalDate start = today().minusDays(30);
        LocalDate end = start.plusDays(729);
        List<String> rows = new ArrayList<>();
        rows.add(row(ftId, root, start.toString(), end.toString(), BIRTH_IN_FILE));
        // the rest of the file keeps the import and its linking step busy while the hires come
        for (int i = 0; i < 100_000; i++) {
            rows.add(row(newFranceTravailId(), newRoot(), "2019-07-01", "2021-06-30", "02/11/75"));
        }
        Map<String, Object> person = person(ftId);
        String name = newFileName();

        drop(name, rows.toArray(String[]::new));
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(20)).until(() ->
                jdbc.sql("SELECT count(*) FROM ft_agrement WHERE root = ?").param(root).query(Long.class).single() == 1);
        boolean importRunning = jdbc.sql("SELECT count(*) FROM exchange WHERE name = ? AND status = 'DONE'").param(name)
                .query(Long.class).single() == 0;
        List<Answer> answers = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(20);
        try {
            List<Future<Answer>> hires = new ArrayList<>();
            for (int i = 0; i < 20; i++) {
                LocalDate hiring = today().plusDays(1 + i);
                hires.add(pool.submit(() -> hire(person, hiring)));
            }
            for (Future<Answer> hire : hires) {
                answers.add(hire.get());
            }
        } finally {
            pool.shutdown();
        }
        Map<String, Object> run = loaded(jdbc, name);

        for (Answer answer : answers) {
            assertThat(answer.status()).as(answer.raw()).isEqualTo(200);
            assertThat(answer.body().get("number").asText()).isEqualTo(root);
        }
        String personId = answers.get(0).body().get("personId").asText();
        assertThat(jdbc.sql("SELECT number FROM pass WHERE person_id = ?::uuid").param(personId).query(String.class).list())
                .containsExactly(root);
        assertThat(jdbc.sql("SELECT count(*) FROM hire WHERE person_id = ?::uuid").param(personId).query(Long.class).single())
                .isEqualTo(20);
        assertThat(agrementStatus(root)).isEqualTo("LINKED");
        assertThat(run).containsEntry("rows_read", 100_001L).containsEntry("rejected", 0L);
        assertThat(importRunning).as("the hires came while the file was being imported").isTrue();
    }

    @Test
    void LEG_03_LEG_04_LEG_06_the_journal_says_what_became_of_every_row() {
        String ftKnown = newFranceTravailId();
        assertThat(hire(person(ftKnown), today().plusDays(3)).status()).isEqualTo(201);
        String linkedRoot = newRoot();
        String unlinkedRoot = newRoot();
        String ftUnknown = newFranceTravailId();
        String name = newFileName();

        drop(name,
                // an ended agrément of a known person: linked as a PASS of the past (no overlap)
                row(ftKnown, linkedRoot, "2016-01-01", "2017-12-31", BIRTH_IN_FILE),
                row(ftUnknown, unlinkedRoot, "2019-07-01", "2021-06-30", "02/11/75"),
                row(ftUnknown, unlinkedRoot + "P01", "2019-07-01", "2021-09-30", "02/11/75"),
                row(ftUnknown, newRoot(), "2020-09-01", "2020-09-01", "02/11/75"),
                row(ftUnknown, "12345X", "2020-09-01", "2021-09-01", "02/11/75"));

        assertThat(loaded(jdbc, name)).containsEntry("rows_read", 5L).containsEntry("linked", 1L).containsEntry("unlinked", 1L)
                .containsEntry("merged", 1L).containsEntry("skipped", 1L).containsEntry("rejected", 1L).containsEntry("unchanged", 0L);
        JsonNode entry = exchange(name);
        assertThat(entry.get("counts").get("received").asInt()).isEqualTo(5);
        assertThat(entry.get("counts").get("applied").asInt()).isEqualTo(2);
        assertThat(entry.get("counts").get("unchanged").asInt()).isEqualTo(2);
        assertThat(entry.get("counts").get("rejected").asInt()).isEqualTo(1);
        assertThat(entry.get("outcomes").toString())
                .isEqualTo("{\"linked\":1,\"unlinked\":1,\"unchanged\":0,\"merged\":1,\"skipped\":1,\"rejected\":1}");
    }

    @Test
    void LEG_07_PASS_20_an_agrement_overtaken_by_a_PASS_issued_before_it_was_linked_is_listed_for_ops_never_merged() {
        String ftId = newFranceTravailId();
        Map<String, Object> person = person(ftId);
        Answer issued = hire(person, today().plusDays(7));
        assertThat(issued.status()).isEqualTo(201);
        String number = issued.body().get("number").asText();
        String root = newRoot();
        String name = newFileName();

        drop(name, row(ftId, root, today().minusDays(300).toString(), today().plusDays(400).toString(), BIRTH_IN_FILE));

        assertThat(loaded(jdbc, name)).containsEntry("rejected", 1L);
        JsonNode overlap = overlapOf(root);
        assertThat(overlap).as("listed in GET /ops/agrements/overlaps").isNotNull();
        assertThat(overlap.get("passNumber").asText()).isEqualTo(number);
        assertThat(overlap.get("passOrigin").asText()).isEqualTo("ISSUED");
        assertThat(overlap.get("personId").asText()).isEqualTo(issued.body().get("personId").asText());
        assertThat(overlap.get("action").asText()).contains(root).contains(number).contains("annuler l'embauche");
        assertThat(overlap.toString()).doesNotContain(person.get("nir").toString()).doesNotContain(BIRTH.toString());
        // a later hire keeps the PASS already known to partners, and the case stays listed
        Answer again = hire(person, today().plusDays(8));
        assertThat(again.body().get("number").asText()).isEqualTo(number);
        assertThat(overlapOf(root)).isNotNull();
        assertThat(get("/api/v1/ops/agrements/overlaps", keyWith("pass:read")).status()).isEqualTo(403);

        // what the list says to do: the hires of that PASS cancelled, the agrément is the PASS of the next hire
        for (int i = 0; i < 2; i++) {
            Answer cancelled = post("/api/v1/passes/" + number + "/cancellation", key, UUID.randomUUID().toString(),
                    toJson(Map.of("siret", ACI, "reason", "doublon de l'agrément " + root)));
            assertThat(cancelled.status()).as(cancelled.raw()).isEqualTo(200);
        }
        Answer migrated = hire(person, today().plusDays(9));
        assertThat(migrated.status()).as(migrated.raw()).isEqualTo(200);
        assertThat(migrated.body().get("number").asText()).isEqualTo(root);
        assertThat(overlapOf(root)).isNull();
    }

    private JsonNode overlapOf(String root) {
        Answer list = get("/api/v1/ops/agrements/overlaps?limit=1000", key);
        assertThat(list.status()).isEqualTo(200);
        for (JsonNode o : list.body().get("overlaps")) {
            if (o.get("agrementNumber").asText().equals(root)) {
                return o;
            }
        }
        return null;
    }
}
