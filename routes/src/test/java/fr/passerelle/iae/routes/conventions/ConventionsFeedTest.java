package fr.passerelle.iae.routes.conventions;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.zip.GZIPOutputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import javax.sql.DataSource;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.registry.employer.EmployerRegistry;
import fr.passerelle.iae.registry.rules.EmployerKind;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The conventionnement feed end to end: fluxIAE files dropped on the real SFTP server, imported into the registry on
 * the real PostgreSQL, shown by the API. Structure ids start at 97 000 000 and SIRENs with 97: no other test uses them.
 */
class ConventionsFeedTest extends HubTestSupport {

    private static final LocalDate Y2025_01_01 = LocalDate.of(2025, 1, 1);
    private static final LocalDate Y2025_12_31 = LocalDate.of(2025, 12, 31);

    @Autowired
    private ProducerTemplate producer;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private EmployerRegistry employers;
    @Autowired
    private DataSource dataSource;
    @Value("${passerelle.conventions.chunk-size}")
    private int chunkSize;

    private void today(String date) {
        clock.set(LocalDate.parse(date).atTime(9, 0).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant());
    }

    @Test
    void EMP_24_a_zipped_delivery_creates_the_employers_of_active_conventions_and_attaches_an_unverified_one() throws IOException {
        today("2025-03-05");
        String aci = FluxIaeDelivery.siret(1001, 1);
        String aiEtti = FluxIaeDelivery.siret(1002, 1);
        String ei = FluxIaeDelivery.siret(1003, 1);
        String eiti = FluxIaeDelivery.siret(1004, 1);
        UUID unverified = employers.findOrRegisterUnverified(eiti, EmployerKind.EITI).id();
        FluxIaeDelivery delivery = new FluxIaeDelivery("05032025_010101")
                .structure(97_000_001, aci, aci, "ATELIER DU CANAL")
                .structure(97_000_002, aiEtti, aiEtti, "TREMPLIN SERVICES")
                .structure(97_000_003, ei, ei, "REGIE DES QUARTIERS")
                .structure(97_000_004, eiti, eiti, "COOP TI")
                .annex(97_000_001, "ACI_DC", "ACI035230012", 1, "HISTORISE", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))
                .annex(97_000_001, "ACI_DC", "ACI035230012", 2, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_002, "AI_DC", "AI029250031", 0, "PROVISOIRE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_002, "ETTI_DC", "ETTI029220008", 2, "VALIDE", LocalDate.of(2024, 1, 1), LocalDate.of(2024, 12, 31))
                .annex(97_000_002, "FDI_DC", "ACI035230099", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_003, "EI_DC", "EI59L240007", 0, "SAISI", Y2025_01_01, Y2025_12_31)
                .annex(97_000_004, "EITI_DC", "EITI972240003", 0, "VALIDE", LocalDate.of(2024, 4, 1), LocalDate.of(2026, 3, 31));
        // PARTNERS §2.1: a ".tar.gz" that is a ZIP, the annex view gzip-compressed inside
        drop("fluxIAE_" + delivery.stamp + ".tar.gz", zip(Map.of(
                "fluxIAE_Structure_" + delivery.stamp + ".csv", delivery.structureFile().getBytes(StandardCharsets.UTF_8),
                "fluxIAE_AnnexeFinanciere_" + delivery.stamp + ".csv.gz", gzip(delivery.annexFile()))));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange).containsEntry("status", "DONE").containsEntry("received", 11).containsEntry("rejected", 0);
        // the delivery's evidence: its leaf, and the archive kept as ASP sent it (sealed, as every file of ASP)
        assertThat(jdbc.queryForObject("""
                SELECT o.sealed FROM evidence_leaf l JOIN evidence_object o ON o.sha256 = l.sha256 JOIN exchange e ON e.id = l.exchange_id
                WHERE e.id = ?::uuid AND o.sha256 = e.sha256""", Boolean.class, exchange.get("id").toString())).isTrue();
        JsonNode employer = get("/api/v1/employers/" + aci, keyWith("pass:read")).body();
        assertThat(employer.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(employer.get("aspId").asText()).isEqualTo("97000001");
        assertThat(employer.get("name").asText()).isEqualTo("ATELIER DU CANAL");
        assertThat(employer.get("conventions").get(0).get("active").asBoolean()).isTrue();
        assertThat(employer.get("conventions").get(0).get("annexes").findValuesAsText("number"))
                .containsExactly("ACI035230012A1M0", "ACI035230012A2M0");
        JsonNode aiAndEtti = get("/api/v1/employers/" + aiEtti, keyWith("pass:read")).body();
        assertThat(aiAndEtti.get("kinds").toString()).isEqualTo("[\"AI\"]");          // ETTI ended 2024-12-31: not created
        assertThat(jdbc.queryForObject("SELECT active FROM convention WHERE asp_id = 97000002 AND kind = 'ETTI'", Boolean.class)).isFalse();
        assertThat(get("/api/v1/employers/" + ei, keyWith("pass:read")).status()).isEqualTo(404);  // SAISI: not active
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97000002", Integer.class)).isEqualTo(2);  // FDI ignored
        assertThat(employers.find(eiti, EmployerKind.EITI).orElseThrow().id()).isEqualTo(unverified);
        assertThat(get("/api/v1/employers/" + eiti, keyWith("pass:read")).body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(events(aci)).containsExactlyInAnyOrder("EmployerRegistered", "ConventionActivated");
        assertThat(events(eiti)).contains("EmployerRegistered", "ConventionActivated");          // the PASS request's, then ASP's
    }

    @Test
    void EMP_20_a_siret_change_follows_the_asp_id_when_the_siren_is_unchanged_and_is_refused_otherwise() {
        today("2025-03-06");
        String before = FluxIaeDelivery.siret(2001, 1);
        String after = FluxIaeDelivery.siret(2001, 2);
        String other = FluxIaeDelivery.siret(2002, 1);
        String otherCompany = FluxIaeDelivery.siret(2003, 1);
        drop(new FluxIaeDelivery("06032025_010101")
                .structure(97_000_101, before, before, "REGIE NORD")
                .structure(97_000_102, other, other, "AUTRE")
                .annex(97_000_101, "EI_DC", "EI59L240101", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_102, "ACI_DC", "ACI059240102", 0, "VALIDE", Y2025_01_01, Y2025_12_31));
        awaitExchange("06032025_010101");

        FluxIaeDelivery changed = new FluxIaeDelivery("06032025_020202")
                .structure(97_000_101, before, after, "REGIE NORD")
                .structure(97_000_102, otherCompany, otherCompany, "AUTRE")
                .annex(97_000_101, "EI_DC", "EI59L240101", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_102, "ACI_DC", "ACI059240102", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(changed);
        Map<String, Object> exchange = awaitExchange(changed.stamp);

        JsonNode moved = get("/api/v1/employers/" + after, keyWith("pass:read")).body();
        assertThat(moved.get("siret").asText()).isEqualTo(after);
        assertThat(moved.get("previousSirets").toString()).isEqualTo("[\"" + before + "\"]");
        assertThat(get("/api/v1/employers/" + before, keyWith("pass:read")).body().get("siret").asText()).isEqualTo(after);
        assertThat(events(after)).contains("EmployerSiretChanged");
        assertThat(get("/api/v1/employers/" + other, keyWith("pass:read")).body().get("siret").asText()).isEqualTo(other);
        assertThat(rejects(exchange)).containsExactly(
                "4,Structure.structure_siret_actualise,EMP-20,SIRET_CHANGE_REFUSED");
    }

    @Test
    void EMP_25_fiches_salarie_integrated_by_ASP_are_sent_again_with_the_new_SIRET() {
        today("2025-03-07");
        String before = FluxIaeDelivery.siret(2101, 1);
        String after = FluxIaeDelivery.siret(2101, 2);
        drop(new FluxIaeDelivery("07032025_030303")
                .structure(97_000_901, before, before, "CHANTIER EST")
                .annex(97_000_901, "ACI_DC", "ACI035250901", 0, "VALIDE", Y2025_01_01, Y2025_12_31));
        awaitExchange("07032025_030303");
        Map<String, Object> hire = new java.util.HashMap<>(PassFixtures.issuance(PassFixtures.person(PassFixtures.newNir(
                LocalDate.of(1990, 4, 15)), LocalDate.of(1990, 4, 15)), before, "ACI", LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 7)));
        hire.put("employee", Map.of("birthPlace", Map.of("countryInseeCode", "100", "communeInseeCode", "35238"),
                "adresse", Map.of("codetypevoie", "RUE", "adrLibelleVoie", "DES LILAS", "codeinseecom", "35238", "codepostalcedex", "35000"),
                "situationSalarie", Map.of("niveauFormation", "50")));
        JsonNode fiche = post("/api/v1/hires", fullKey(), UUID.randomUUID().toString(), toJson(hire)).body().get("ficheSalarie");
        assertThat(fiche.get("status").asText()).isEqualTo("READY");
        assertThat(jdbc.queryForObject("SELECT siret FROM fiche_salarie WHERE id = ?::uuid", String.class, fiche.get("id").asText()))
                .isEqualTo(before);
        String id = fiche.get("id").asText();
        // integrated by ASP some time ago (the round trip itself is AspFichesSalarieTest's)
        jdbc.update("UPDATE fiche_salarie SET status = 'PROCESSED', ever_sent = true, asp_code = '0000' WHERE id = ?::uuid", id);

        drop(new FluxIaeDelivery("07032025_040404")
                .structure(97_000_901, before, after, "CHANTIER EST")
                .annex(97_000_901, "ACI_DC", "ACI035250901", 0, "VALIDE", Y2025_01_01, Y2025_12_31));
        awaitExchange("07032025_040404");

        Map<String, Object> requeued = jdbc.queryForMap("SELECT status, siret FROM fiche_salarie WHERE id = ?::uuid", id);
        assertThat(requeued).containsEntry("status", "READY").containsEntry("siret", after);
        assertThat(jdbc.queryForObject("SELECT detail FROM fiche_salarie_history WHERE fiche_id = ?::uuid ORDER BY id DESC LIMIT 1",
                String.class, id)).isEqualTo("EMP-25: SIRET " + before + " → " + after);
    }

    @Test
    void EMP_32_a_deactivation_starts_a_30_day_grace_period_then_pass_requests_are_refused_until_EMP_35_reactivation() {
        today("2025-09-01");   // from July on no safety threshold (EMP-34)
        String siret = FluxIaeDelivery.siret(3001, 1);
        drop(new FluxIaeDelivery("01092025_010101")
                .structure(97_000_201, siret, siret, "JARDINS")
                .annex(97_000_201, "ACI_DC", "ACI035250201", 0, "VALIDE", Y2025_01_01, Y2025_12_31));
        awaitExchange("01092025_010101");
        today("2025-09-08");
        Instant importedAt = clock.instant();
        drop(new FluxIaeDelivery("08092025_010101")
                .structure(97_000_201, siret, siret, "JARDINS")
                .annex(97_000_201, "ACI_DC", "ACI035250201", 0, "ANNULE", Y2025_01_01, Y2025_12_31));
        awaitExchange("08092025_010101");

        JsonNode grace = get("/api/v1/employers/" + siret, keyWith("pass:read")).body();
        assertThat(grace.get("status").asText()).isEqualTo("GRACE");
        assertThat(Instant.parse(grace.get("conventions").get(0).get("deactivatedAt").asText())).isEqualTo(importedAt);
        assertThat(events(siret)).contains("ConventionDeactivated");
        assertThat(issue(siret).status()).isEqualTo(201);                                      // everything flows in GRACE

        today("2025-10-09");
        assertThat(get("/api/v1/employers/" + siret, keyWith("pass:read")).body().get("status").asText()).isEqualTo("INACTIVE");
        Answer refused = issue(siret);
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("EMPLOYER_INACTIVE");

        drop(new FluxIaeDelivery("09102025_010101")
                .structure(97_000_201, siret, siret, "JARDINS")
                .annex(97_000_201, "ACI_DC", "ACI035250201", 1, "VALIDE", LocalDate.of(2025, 10, 1), Y2025_12_31));
        awaitExchange("09102025_010101");
        assertThat(get("/api/v1/employers/" + siret, keyWith("pass:read")).body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(events(siret)).endsWith("ConventionActivated");
    }

    @Test
    void EMP_22_a_known_siret_under_another_structure_id_takes_its_convention_along_unless_that_id_has_one_of_its_kind() {
        today("2025-11-03");
        String moving = FluxIaeDelivery.siret(8001, 1);
        String conflicting = FluxIaeDelivery.siret(8002, 1);
        String occupant = FluxIaeDelivery.siret(8003, 1);
        drop(new FluxIaeDelivery("03112025_010101")
                .structure(97_000_601, moving, moving, "RESSOURCERIE")
                .structure(97_000_603, conflicting, conflicting, "REGIE EST")
                .structure(97_000_604, occupant, occupant, "REGIE OUEST")
                .annex(97_000_601, "ACI_DC", "ACI035250601", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_603, "EI_DC", "EI035250603", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_604, "EI_DC", "EI035250604", 0, "VALIDE", Y2025_01_01, Y2025_12_31));
        awaitExchange("03112025_010101");
        UUID convention = jdbc.queryForObject("SELECT id FROM convention WHERE asp_id = 97000601 AND kind = 'ACI'", UUID.class);

        FluxIaeDelivery changed = new FluxIaeDelivery("03112025_020202")
                .structure(97_000_602, moving, moving, "RESSOURCERIE")                 // line 3: 97000601 is gone
                .structure(97_000_604, conflicting, conflicting, "REGIE EST")          // line 4: (97000604, EI) exists
                .annex(97_000_602, "ACI_DC", "ACI035250601", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_604, "EI_DC", "EI035250604", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(changed);
        Map<String, Object> exchange = awaitExchange(changed.stamp);

        assertThat(jdbc.queryForObject("SELECT id FROM convention WHERE asp_id = 97000602 AND kind = 'ACI'", UUID.class))
                .isEqualTo(convention);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97000601", Integer.class)).isZero();
        JsonNode moved = get("/api/v1/employers/" + moving, keyWith("pass:read")).body();
        assertThat(moved.get("aspId").asText()).isEqualTo("97000602");
        assertThat(moved.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(moved.get("conventions").get(0).get("annexes").findValuesAsText("number")).containsExactly("ACI035250601A0M0");
        assertThat(get("/api/v1/employers/" + conflicting, keyWith("pass:read")).body().get("aspId").asText()).isEqualTo("97000603");
        JsonNode untouched = get("/api/v1/employers/" + occupant, keyWith("pass:read")).body();
        assertThat(untouched.get("aspId").asText()).isEqualTo("97000604");
        assertThat(untouched.get("status").asText()).isEqualTo("ACTIVE");
        assertThat(rejects(exchange)).contains(
                "3,Structure.structure_id_siae,EMP-22,ASP_ID_CHANGED",
                "4,Structure.structure_siret_actualise,EMP-22,ASP_ID_CONFLICT");
        // the moved row is applied; the conflicting row and its annex change nothing
        assertThat(exchange).containsEntry("received", 4).containsEntry("applied", 1).containsEntry("unchanged", 2)
                .containsEntry("rejected", 1);
    }

    @Test
    void EMP_32_an_import_past_the_grace_period_deletes_the_employers_without_data_and_keeps_the_others_inactive() {
        today("2025-11-10");
        String idle = FluxIaeDelivery.siret(8101, 1);
        String hiring = FluxIaeDelivery.siret(8102, 1);
        String mother = FluxIaeDelivery.siret(8103, 1);
        String antenna = FluxIaeDelivery.siret(8103, 2);
        FluxIaeDelivery active = new FluxIaeDelivery("10112025_010101");
        List<FluxIaeDelivery> ended = List.of(new FluxIaeDelivery("17112025_010101"), new FluxIaeDelivery("16122025_010101"),
                new FluxIaeDelivery("18122025_010101"));
        List<String> sirets = List.of(idle, hiring, mother);
        for (int i = 0; i < sirets.size(); i++) {
            long aspId = 97_000_701 + i;
            String siret = sirets.get(i);
            String name = "EMPLOYEUR " + i;
            String prefix = "ACI03525070" + (i + 1);
            active.structure(aspId, siret, siret, name).annex(aspId, "ACI_DC", prefix, 0, "VALIDE", Y2025_01_01, Y2025_12_31);
            ended.forEach(delivery -> delivery.structure(aspId, siret, siret, name)
                    .annex(aspId, "ACI_DC", prefix, 0, "ANNULE", Y2025_01_01, Y2025_12_31));
        }
        drop(active);
        awaitExchange(active.stamp);
        // EMP-12: an antenna, declared by users, shares its mother's convention; it hires, its mother does not
        jdbc.update("INSERT INTO employer (id, siret, kind, status, convention_id) "
                + "SELECT ?, ?, 'ACI', 'ACTIVE', id FROM convention WHERE asp_id = 97000703 AND kind = 'ACI'", UUID.randomUUID(), antenna);
        assertThat(issue(hiring).status()).isEqualTo(201);
        assertThat(issue(antenna).status()).isEqualTo(201);
        today("2025-11-17");
        drop(ended.get(0));
        awaitExchange(ended.get(0).stamp);

        today("2025-12-16");                                            // 29 days on: still GRACE, nothing goes
        drop(ended.get(1));
        awaitExchange(ended.get(1).stamp);
        assertThat(get("/api/v1/employers/" + idle, keyWith("pass:read")).body().get("status").asText()).isEqualTo("GRACE");

        today("2025-12-18");
        drop(ended.get(2));
        Map<String, Object> exchange = awaitExchange(ended.get(2).stamp);

        assertThat(get("/api/v1/employers/" + idle, keyWith("pass:read")).status()).isEqualTo(404);
        assertThat(jdbc.queryForList("SELECT rule || ' ' || code || ' ' || masked_value FROM reject WHERE exchange_id = ? "
                + "AND masked_value IN (?, ?, ?, ?)", String.class, exchange.get("id"), idle, hiring, mother, antenna))
                .containsExactly("EMP-32 EMPLOYER_DELETED " + idle);
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97000701", Integer.class)).isEqualTo(1);
        for (String kept : List.of(hiring, mother, antenna)) {                  // hidden: found for audit, cannot hire
            assertThat(get("/api/v1/employers/" + kept, keyWith("pass:read")).body().get("status").asText()).isEqualTo("INACTIVE");
        }
        assertThat(issue(hiring).body().get("code").asText()).isEqualTo("EMPLOYER_INACTIVE");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM hire WHERE siret IN (?, ?)", Integer.class, hiring, antenna)).isEqualTo(2);
    }

    @Test
    void EMP_34_two_hundred_deactivations_before_july_apply_none_and_raise_an_alert() {
        today("2025-03-10");
        FluxIaeDelivery active = new FluxIaeDelivery("10032025_010101");
        FluxIaeDelivery ended = new FluxIaeDelivery("10032025_020202");
        FluxIaeDelivery july = new FluxIaeDelivery("01072025_010101");
        for (int i = 0; i < 200; i++) {
            String siret = FluxIaeDelivery.siret(4000 + i, 1);
            long aspId = 97_001_000 + i;
            String prefix = String.format("AI035%02d%04d", 25, i);
            active.structure(aspId, siret, siret, "AI " + i).annex(aspId, "AI_DC", prefix, 0, "VALIDE", Y2025_01_01, Y2025_12_31);
            ended.structure(aspId, siret, siret, "AI " + i).annex(aspId, "AI_DC", prefix, 0, "CLOTURE", Y2025_01_01, Y2025_12_31);
            july.structure(aspId, siret, siret, "AI " + i).annex(aspId, "AI_DC", prefix, 0, "CLOTURE", Y2025_01_01, Y2025_12_31);
        }
        drop(active);
        awaitExchange(active.stamp);
        drop(ended);

        Map<String, Object> exchange = awaitExchange(ended.stamp);

        assertThat(exchange.get("status")).isEqualTo("DONE");
        assertThat((String) exchange.get("error")).startsWith("DEACTIVATION_THRESHOLD");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id BETWEEN 97001000 AND 97001199 AND active",
                Integer.class)).isEqualTo(200);
        assertThat(rejects(exchange)).anyMatch(line -> line.startsWith(",,EMP-34,DEACTIVATION_THRESHOLD"));
        // the alert is raised once the journal entry is closed: wait for it as an operator's screen would
        await().atMost(Duration.ofSeconds(20))
                .until(() -> flow("conventions").get("lastError").asText().contains("DEACTIVATION_THRESHOLD"));
        assertThat(flow("conventions").get("state").asText()).isEqualTo("DEGRADED");

        today("2025-07-01");                                         // from July on, they apply whatever their number
        drop(july);
        assertThat(awaitExchange(july.stamp).get("error")).isNull();
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id BETWEEN 97001000 AND 97001199 AND active",
                Integer.class)).isZero();
    }

    @Test
    void PARTNERS_2_1_each_view_is_told_by_its_content_gzip_plain_ZIP_or_AES_ZIP_and_a_view_without_FIN_is_accepted()
            throws IOException {
        today("2025-03-13");
        String aes = FluxIaeDelivery.siret(9_101, 1);
        String plain = FluxIaeDelivery.siret(9_102, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("13032025_010101")
                .structure(97_005_001, aes, aes, "CHIFFREE AES")
                .structure(97_005_002, plain, plain, "ZIP SIMPLE")
                .annex(97_005_001, "ACI_DC", "ACI035255001", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_005_002, "EI_DC", "EI035255002", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        // the Structure view without DEB nor FIN in a WinZip AES archive named .riae, the annex view in a plain ZIP named .csv.gz
        drop("fluxIAE_" + delivery.stamp + ".tar.gz", zip(Map.of(
                "fluxIAE_Structure_" + delivery.stamp + ".riae", aesZip("fluxIAE_Structure_" + delivery.stamp + ".csv",
                        FluxIaeDelivery.withoutDebAndFin(delivery.structureFile()), FLUXIAE_PASSWORD),
                "fluxIAE_AnnexeFinanciere_" + delivery.stamp + ".csv.gz", zip(Map.of("fluxIAE_AnnexeFinanciere_" + delivery.stamp
                        + ".csv", delivery.annexFile().getBytes(StandardCharsets.UTF_8))))));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange).containsEntry("status", "DONE").containsEntry("received", 4).containsEntry("rejected", 0)
                .containsEntry("error", "no FIN line: Structure");
        assertThat(get("/api/v1/employers/" + aes, keyWith("pass:read")).body().get("name").asText()).isEqualTo("CHIFFREE AES");
        assertThat(get("/api/v1/employers/" + plain, keyWith("pass:read")).body().get("name").asText()).isEqualTo("ZIP SIMPLE");
    }

    @Test
    void PARTNERS_2_1_a_view_encrypted_with_another_password_refuses_the_delivery_naming_the_view() throws IOException {
        today("2025-03-13");
        String siret = FluxIaeDelivery.siret(9_103, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("13032025_020202")
                .structure(97_005_003, siret, siret, "MAUVAIS SECRET")
                .annex(97_005_003, "ACI_DC", "ACI035255003", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop("fluxIAE_" + delivery.stamp + ".tar.gz", zip(Map.of(
                "fluxIAE_Structure_" + delivery.stamp + ".csv.gz", aesZip("fluxIAE_Structure_" + delivery.stamp + ".csv",
                        delivery.structureFile(), "not-the-secret"),
                "fluxIAE_AnnexeFinanciere_" + delivery.stamp + ".csv.gz", gzip(delivery.annexFile()))));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange.get("status")).isEqualTo("REFUSED");
        assertThat((String) exchange.get("error"))
                .startsWith("PARTNERS-2.1 FLUXIAE_PASSWORD fluxIAE_Structure_" + delivery.stamp + ".csv.gz");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97005003", Integer.class)).isZero();
    }

    @Test
    void FILE_05_a_view_in_an_AES_ZIP_altered_on_the_way_refuses_the_delivery_at_once_as_corrupt_data() throws IOException {
        today("2025-03-13");
        String siret = FluxIaeDelivery.siret(9_104, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("13032025_030303")
                .structure(97_005_004, siret, siret, "CHIFFREE ALTEREE")
                .annex(97_005_004, "ACI_DC", "ACI035255004", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        byte[] altered = aesZip("fluxIAE_Structure_" + delivery.stamp + ".csv", delivery.structureFile(), FLUXIAE_PASSWORD);
        // a byte of the encrypted data: zip4j finds the AES authentication code wrong at the end of the entry
        altered[altered.length / 3] ^= 0x01;
        drop("fluxIAE_" + delivery.stamp + ".zip", zip(Map.of("fluxIAE_Structure_" + delivery.stamp + ".riae", altered,
                "fluxIAE_AnnexeFinanciere_" + delivery.stamp + ".csv", delivery.annexFile().getBytes(StandardCharsets.UTF_8))));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        // refused by its rule at the first reading, not counted three times as a fault of the hub (FILE-03)
        assertThat(exchange.get("status")).isEqualTo("REFUSED");
        assertThat((String) exchange.get("error")).startsWith("FILE-05 COMPRESSED_DATA_CORRUPT Structure");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97005004", Integer.class)).isZero();
    }

    @Test
    void PARTNERS_2_1_a_Structure_view_waits_in_the_drop_box_for_its_annex_however_many_polls_then_both_are_imported() {
        today("2025-03-11");
        String siret = FluxIaeDelivery.siret(5009, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("11032025_040404")
                .structure(97_000_309, siret, siret, "EN ATTENTE")
                .annex(97_000_309, "ACI_DC", "ACI035250309", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(delivery.structureName(), delivery.structureFile().getBytes(StandardCharsets.UTF_8));

        // more polls than FILE-03's three failures (each waits 3 s for the annex): a delivery not complete yet is no fault
        await().during(Duration.ofSeconds(11)).atMost(Duration.ofSeconds(15)).until(() -> Files.exists(dropBox().resolve(delivery.structureName()))
                && jdbc.queryForObject("SELECT count(*) FROM exchange WHERE flow = 'conventions' AND name LIKE ?", Integer.class,
                "%" + delivery.stamp + "%") == 0);
        assertThat(dropBox().resolve("quarantine").resolve(delivery.structureName())).doesNotExist();

        drop(delivery.annexName(), delivery.annexFile().getBytes(StandardCharsets.UTF_8));
        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange).containsEntry("status", "DONE").containsEntry("received", 2).containsEntry("rejected", 0);
        assertThat(get("/api/v1/employers/" + siret, keyWith("pass:read")).status()).isEqualTo(200);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dropBox().resolve("done").resolve(delivery.structureName()))
                && Files.exists(dropBox().resolve("done").resolve(delivery.annexName())));
    }

    @Test
    void PARTNERS_2_2_a_truncated_file_is_refused_whole_and_nothing_is_applied() {
        today("2025-03-11");
        String siret = FluxIaeDelivery.siret(5001, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("11032025_010101")
                .structure(97_000_301, siret, siret, "TRONQUEE")
                .annex(97_000_301, "ACI_DC", "ACI035250301", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_301, "ACI_DC", "ACI035250302", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(delivery.structureName(), delivery.structureFile().getBytes(StandardCharsets.UTF_8));
        drop(delivery.annexName(), delivery.annexFile(3).getBytes(StandardCharsets.UTF_8));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange.get("status")).isEqualTo("REFUSED");
        assertThat((String) exchange.get("error")).startsWith("PARTNERS-2.2 FLUXIAE_TRUNCATED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97000301", Integer.class)).isZero();
        assertThat(get("/api/v1/employers/" + siret, keyWith("pass:read")).status()).isEqualTo(404);
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(dropBox().resolve(delivery.annexName() + ".rejects.csv")));
        assertThat(rejects(exchange)).containsExactly("5,AnnexeFinanciere,PARTNERS-2.2,FLUXIAE_TRUNCATED");
    }

    @Test
    void PARTNERS_2_2_a_file_without_a_required_column_is_refused_whole() {
        today("2025-03-11");
        String siret = FluxIaeDelivery.siret(5002, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("11032025_020202")
                .structure(97_000_302, siret, siret, "SANS COLONNE")
                .annex(97_000_302, "ACI_DC", "ACI035250303", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(delivery.structureName(), delivery.structureFile().replace("structure_code_naf", "code_naf").getBytes(StandardCharsets.UTF_8));
        drop(delivery.annexName(), delivery.annexFile().getBytes(StandardCharsets.UTF_8));

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange.get("status")).isEqualTo("REFUSED");
        assertThat(rejects(exchange)).containsExactly("2,Structure.structure_code_naf,PARTNERS-2.2,FLUXIAE_MISSING_COLUMN");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id = 97000302", Integer.class)).isZero();
    }

    @Test
    void EMP_02_EMP_13_EMP_23_bad_records_are_reported_with_their_line_and_the_rest_of_the_file_is_applied() throws IOException {
        today("2025-03-12");
        String good = FluxIaeDelivery.siret(6001, 1);
        String badLuhn = FluxIaeDelivery.siret(6002, 1).substring(0, 13) + ((FluxIaeDelivery.siret(6002, 1).charAt(13) - '0' + 1) % 10);
        String mismatch = FluxIaeDelivery.siret(6003, 1);
        String otherSiren = FluxIaeDelivery.siret(6004, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("12032025_010101")
                .structure(97_000_401, good, good, "BONNE")
                .structure(97_000_402, badLuhn, badLuhn, "MAUVAIS SIRET")
                .structure(97_000_403, otherSiren, mismatch, "SIREN DIFFERENT")
                .annex(97_000_401, "ACI_DC", "ACI035250401", 0, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_401, "ACI_DC", "ACI03525X401", 1, "VALIDE", Y2025_01_01, Y2025_12_31)
                .annex(97_000_401, "ACI_DC", "ACI035250402", 0, "VALIDE", Y2025_12_31, Y2025_01_01);
        drop(delivery);

        Map<String, Object> exchange = awaitExchange(delivery.stamp);

        assertThat(exchange).containsEntry("status", "DONE").containsEntry("received", 6).containsEntry("rejected", 4);
        assertThat(get("/api/v1/employers/" + good, keyWith("pass:read")).body().get("status").asText()).isEqualTo("ACTIVE");
        assertThat(rejects(exchange)).containsExactly(
                "4,Structure.structure_siret_actualise,EMP-02,INVALID_SIRET",
                "4,Structure.structure_siret_signature,EMP-02,INVALID_SIRET",
                "5,Structure.structure_siret_signature,EMP-23,SIREN_MISMATCH",
                "4,AnnexeFinanciere.af_numero_annexe_financiere,EMP-13,AF_NUMBER_FORMAT",
                "5,AnnexeFinanciere.af_date_fin_effet,PARTNERS-2.4,AF_DATES");
        Path report = dropBox().resolve(delivery.structureName() + ".rejects.csv");
        Path annexReport = dropBox().resolve(delivery.annexName() + ".rejects.csv");
        // written after the journal entry is closed, one file after the other
        await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(report) && Files.exists(annexReport));
        assertThat(Files.readString(report)).startsWith("line,field,rule,code,message,value\n4,Structure.structure_siret_actualise,EMP-02");
        assertThat(Files.readString(annexReport))
                .contains("4,AnnexeFinanciere.af_numero_annexe_financiere,EMP-13,AF_NUMBER_FORMAT");
    }

    @Test
    void ARCH_idempotent_the_same_delivery_again_is_acknowledged_and_the_same_content_again_changes_nothing() {
        today("2025-10-01");
        String siret = FluxIaeDelivery.siret(7001, 1);
        FluxIaeDelivery delivery = new FluxIaeDelivery("01102025_010101")
                .structure(97_000_501, siret, siret, "DEUX FOIS")
                .annex(97_000_501, "ETTI_DC", "ETTI035250501", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(delivery);
        awaitExchange(delivery.stamp);
        // the journal entry is closed before the files move to done/: dropped again before that, the same names would
        // race with the move
        awaitTaken(delivery);
        int events = events(siret).size();

        drop(delivery);                                                 // the very same files again
        awaitTaken(delivery);
        FluxIaeDelivery again = new FluxIaeDelivery("01102025_020202")     // next week's, with the same content
                .structure(97_000_501, siret, siret, "DEUX FOIS")
                .annex(97_000_501, "ETTI_DC", "ETTI035250501", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(again);
        Map<String, Object> rerun = awaitExchange(again.stamp);

        assertThat(jdbc.queryForObject("SELECT count(*) FROM exchange WHERE flow = 'conventions' AND name LIKE ?", Integer.class,
                "%" + delivery.stamp + "%")).isEqualTo(1);
        assertThat(rerun).containsEntry("status", "DONE").containsEntry("received", 2).containsEntry("applied", 0)
                .containsEntry("unchanged", 2).containsEntry("rejected", 0);
        assertThat(events(siret)).hasSize(events);
    }

    private void awaitTaken(FluxIaeDelivery delivery) {
        await().atMost(Duration.ofSeconds(30))
                .until(() -> !Files.exists(dropBox().resolve(delivery.structureName())) && !Files.exists(dropBox().resolve(delivery.annexName())));
    }

    /**
     * The crash is real: the import's database connection is killed while its last chunk waits on a row lock, as when
     * the node stops; the delivery stays in the drop box and the next poll resumes the journal entry left PROCESSING.
     */
    @Test
    void ARCH_step_4_a_crash_between_chunks_resumes_at_the_last_checkpoint_without_double_effect() throws Exception {
        today("2025-11-24");
        long firstId = 97_002_000;
        String first = FluxIaeDelivery.siret(10_000, 1);
        FluxIaeDelivery before = new FluxIaeDelivery("24112025_010101")
                .structure(firstId, first, first, "PREMIERE")
                .annex(firstId, "ACI_DC", "ACI035252000", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(before);
        awaitExchange(before.stamp);
        // more structure ids than a chunk holds: the first id is in an earlier chunk than the last one. Its SIRET change
        // to another company is refused (EMP-20) while its chunk is applied: a chunk applied twice would say it twice.
        int structures = chunkSize + 100;
        long lastId = firstId + structures - 1;
        String otherCompany = FluxIaeDelivery.siret(9_999, 1);
        FluxIaeDelivery big = new FluxIaeDelivery("24112025_020202")
                .structure(firstId, otherCompany, otherCompany, "PREMIERE")
                .annex(firstId, "ACI_DC", "ACI035252000", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        for (int i = 1; i < structures; i++) {
            String siret = FluxIaeDelivery.siret(10_000 + i, 1);
            big.structure(firstId + i, siret, siret, "STRUCTURE " + i)
                    .annex(firstId + i, "ACI_DC", String.format("ACI0352%05d", 2000 + i), 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        }

        try (Connection blocker = dataSource.getConnection()) {
            blocker.setAutoCommit(false);
            int blockerPid = jdbcValue(blocker, "SELECT pg_backend_pid()");
            // uncommitted: the import's insert of the last structure's convention waits on the unique (asp_id, kind)
            try (PreparedStatement insert = blocker.prepareStatement("INSERT INTO convention (id, asp_id, kind, siret_signature, active) "
                    + "VALUES (?, ?, 'ACI', ?, true)")) {
                insert.setObject(1, UUID.randomUUID());
                insert.setLong(2, lastId);
                insert.setString(3, FluxIaeDelivery.siret(10_000 + structures - 1, 1));
                insert.executeUpdate();
            }
            drop(big);
            int importer = await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(100)).until(
                    () -> jdbc.queryForList("SELECT pid FROM pg_stat_activity WHERE ? = ANY (pg_blocking_pids(pid))", Integer.class,
                            blockerPid).stream().findFirst().orElse(0), pid -> pid != 0);
            Map<String, Object> interrupted = jdbc.queryForMap("SELECT status, checkpoint FROM exchange WHERE flow = 'conventions' "
                    + "AND name LIKE ?", "%" + big.stamp + "%");
            assertThat(interrupted.get("status")).isEqualTo("PROCESSING");
            assertThat((Long) interrupted.get("checkpoint")).isBetween(firstId, lastId - 1);

            assertThat(jdbc.queryForObject("SELECT pg_terminate_backend(?)", Boolean.class, importer)).isTrue();
            blocker.rollback();
        }
        Map<String, Object> resumed = awaitExchange(big.stamp);

        int newOnes = structures - 1;
        assertThat(resumed).containsEntry("status", "DONE").containsEntry("received", 2 * structures)
                .containsEntry("applied", 2 * newOnes).containsEntry("unchanged", 1).containsEntry("rejected", 1);
        assertThat(jdbc.queryForList("SELECT code FROM reject WHERE exchange_id = ? AND masked_value = ?", String.class,
                resumed.get("id"), otherCompany)).containsExactly("SIRET_CHANGE_REFUSED");
        assertThat(jdbc.queryForObject("SELECT count(*) FROM convention WHERE asp_id BETWEEN ? AND ?", Integer.class, firstId, lastId))
                .isEqualTo(structures);
        // each employer registered and activated once: two events for the first one's delivery, two for each new one
        assertThat(jdbc.queryForMap("SELECT count(*) AS events, count(DISTINCT event_key) AS employers FROM outbox "
                        + "WHERE topic = 'iae.employers.v1' AND substr(event_key, 1, 9) BETWEEN ? AND ?",
                first.substring(0, 9), FluxIaeDelivery.siret(10_000 + newOnes, 1).substring(0, 9)))
                .containsEntry("events", 2L * structures).containsEntry("employers", (long) structures);

        // no active convention stays behind for the tests dated before July (EMP-34 would hold their deactivations back)
        FluxIaeDelivery after = new FluxIaeDelivery("24112025_030303")
                .structure(firstId, first, first, "PREMIERE")
                .annex(firstId, "ACI_DC", "ACI035252000", 0, "VALIDE", Y2025_01_01, Y2025_12_31);
        drop(after);
        awaitExchange(after.stamp);
    }

    @Test
    void a_run_on_demand_polls_the_drop_box_at_once() {
        JsonNode run = runToEnd("conventions");

        assertThat(run.get("state").asText()).as(run.toString()).isEqualTo("DONE");
        assertThat(run.get("flow").asText()).isEqualTo("conventions");
        assertThat(get("/api/v1/ops/exchanges/" + UUID.randomUUID() + "/rejects", keyWith("ops:read")).status()).isEqualTo(404);
        assertThat(get("/api/v1/employers/12345678901234", keyWith("pass:read")).status()).isEqualTo(400);
    }

    // ------------------------------------------------------------------------------------------------------------

    private Answer issue(String siret) {
        LocalDate birth = LocalDate.of(1988, 2, 3);
        return post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(birth), birth), siret, "ACI", today().plusDays(3), today())));
    }

    private void drop(FluxIaeDelivery delivery) {
        // the annex view first: the Structure file then finds its sibling in the same poll
        drop(delivery.annexName(), delivery.annexFile().getBytes(StandardCharsets.UTF_8));
        drop(delivery.structureName(), delivery.structureFile().getBytes(StandardCharsets.UTF_8));
    }

    /** Uploads through the SFTP server under a temporary name, renamed when complete, as a partner should. */
    private void drop(String name, byte[] content) {
        producer.sendBodyAndHeader("sftp://{{passerelle.sftp.host}}:{{passerelle.sftp.port}}/conventions?username={{passerelle.sftp.user}}"
                + "&privateKeyFile={{passerelle.sftp.private-key}}&knownHostsFile={{passerelle.sftp.known-hosts}}"
                + "&strictHostKeyChecking=yes&useUserKnownHostsFile=false&tempPrefix=.uploading-", content, Exchange.FILE_NAME, name);
    }

    private static Path dropBox() {
        return TestInfrastructure.get().sftp().root().resolve("conventions");
    }

    private Map<String, Object> awaitExchange(String stamp) {
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(250)).until(() -> jdbc.queryForObject(
                "SELECT count(*) FROM exchange WHERE flow = 'conventions' AND name LIKE ? AND status IN ('DONE', 'REFUSED')",
                Integer.class, "%" + stamp + "%") == 1);
        return jdbc.queryForMap("SELECT id, status, error, received, applied, unchanged, rejected FROM exchange "
                + "WHERE flow = 'conventions' AND name LIKE ?", "%" + stamp + "%");
    }

    /** The exchange's reject report through the ops API, each line cut after its code. */
    private List<String> rejects(Map<String, Object> exchange) {
        Answer csv = get("/api/v1/ops/exchanges/" + exchange.get("id") + "/rejects", keyWith("ops:read"));
        assertThat(csv.status()).isEqualTo(200);
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        return csv.raw().lines().skip(1).map(line -> String.join(",", List.of(line.split(",", -1)).subList(0, 4))).toList();
    }

    private static int jdbcValue(Connection connection, String sql) throws SQLException {
        try (Statement statement = connection.createStatement(); ResultSet rs = statement.executeQuery(sql)) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private List<String> events(String siret) {
        return jdbc.queryForList("SELECT event_type FROM outbox WHERE topic = 'iae.employers.v1' AND event_key = ? ORDER BY id",
                String.class, siret);
    }

    private JsonNode flow(String id) {
        for (JsonNode flow : get("/api/v1/ops/flows", keyWith("ops:read")).body()) {
            if (flow.get("flow").asText().equals(id)) {
                return flow;
            }
        }
        throw new AssertionError("no flow " + id);
    }

    private static byte[] gzip(String text) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            gzip.write(text.getBytes(StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    /** A ZIP of one file encrypted with WinZip AES-256, as ASP wraps each view (PARTNERS §2.1). */
    private static byte[] aesZip(String name, String content, String password) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        net.lingala.zip4j.model.ZipParameters parameters = new net.lingala.zip4j.model.ZipParameters();
        parameters.setEncryptFiles(true);
        parameters.setEncryptionMethod(net.lingala.zip4j.model.enums.EncryptionMethod.AES);
        parameters.setAesKeyStrength(net.lingala.zip4j.model.enums.AesKeyStrength.KEY_STRENGTH_256);
        parameters.setFileNameInZip(name);
        try (net.lingala.zip4j.io.outputstream.ZipOutputStream zip = new net.lingala.zip4j.io.outputstream.ZipOutputStream(
                bytes, password.toCharArray())) {
            zip.putNextEntry(parameters);
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            for (Map.Entry<String, byte[]> entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return bytes.toByteArray();
    }
}
