package fr.passerelle.iae.routes.francetravail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.CamelContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.francetravail.FranceTravailClient;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Endpoint;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Failure;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.OtherNode;
import fr.passerelle.iae.routes.TestHub;
import fr.passerelle.iae.routes.ops.Leadership;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * Flow ft-notifications against the France Travail simulator over HTTP (PARTNERS §3.4–3.6). Each test issues its
 * PASS in a year of its own, far ahead, and moves the clock to their start: they are the newest, sent first.
 */
class PassNotificationTest extends HubTestSupport {

    private static final LocalDate BIRTH = LocalDate.of(1990, 4, 12);
    private static final String ACI = "73282932000074";
    private static final String LEASE = Leadership.lease(NotificationDispatcher.FLOW);

    @Autowired
    private CamelContext camel;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private NotificationDispatcher dispatcher;
    @Autowired
    private FranceTravailClient franceTravailClient;
    @Autowired
    private OtherNode otherNode;

    private final FranceTravailSimulator franceTravail = TestHub.franceTravail();
    private String key;

    @org.junit.jupiter.api.BeforeEach
    void client() {
        key = fullKey();
    }

    @AfterEach
    void healed() throws Exception {
        franceTravail.heal().latency(Duration.ZERO);
        camel.getRouteController().startRoute(FtNotificationsRoute.DISPATCH_ROUTE);
    }

    private void today(LocalDate date) {
        clock.set(date.atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
    }

    /** A new person's PASS starting on {@code start} (issued the day before). */
    private String passStartingOn(LocalDate start) {
        today(start.minusDays(1));
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH), ACI, "ACI", start, start.minusDays(1))));
        assertThat(issued.status()).isEqualTo(201);
        return issued.body().get("number").asText();
    }

    private JsonNode notification(String number) {
        return get("/api/v1/passes/" + number, key).body().get("notifications").get("franceTravail");
    }

    private void awaitStatus(String number, String status) {
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100))
                .until(() -> notification(number).get("status").asText().equals(status));
    }

    @Test
    void PARTNERS_3_6_a_pass_waits_for_its_start_then_identity_lookup_and_maj_pass_iae_succeed() {
        LocalDate start = LocalDate.of(2041, 3, 3);
        String number = passStartingOn(start);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTS_IN_FUTURE".equals(notification(number).path("exitCode").asText()));
        assertThat(notification(number).get("status").asText()).isEqualTo("PENDING");

        today(start);
        awaitStatus(number, "SUCCESS");

        assertThat(notification(number).get("exitCode").asText()).isEqualTo("S000");
        List<JsonNode> sent = franceTravail.updatesOf(number);
        assertThat(sent).hasSize(1);
        JsonNode request = sent.get(0);
        assertThat(request.get("dateDebutPassIAE").asText()).isEqualTo("2041-03-03");
        assertThat(request.get("dateFinPassIAE").asText()).isEqualTo("2043-03-02");
        assertThat(request.get("typeSIAE").asInt()).isEqualTo(836);
        assertThat(request.get("origineCandidature").asText()).isEqualTo("PRES");
        assertThat(request.get("typologiePrescripteur").asText()).isEqualTo("PE");
        assertThat(request.get("statutReponsePassIAE").asText()).isEqualTo("A");
        assertThat(request.get("idNational").asText()).isNotEmpty();
        JsonNode lookup = franceTravail.received(Endpoint.LOOKUP).stream().map(FranceTravailSimulator.Received::body)
                .filter(b -> b.get("idNational") == null && request.get("idNational").asText().equals(
                        java.util.Base64.getUrlEncoder().withoutPadding().encodeToString(
                                ("SIMU-" + b.get("nirCertifie").asText()).getBytes(java.nio.charset.StandardCharsets.UTF_8))))
                .findFirst().orElseThrow();
        assertThat(lookup.get("nirCertifie").asText()).hasSize(13);
        assertThat(lookup.get("nomNaissance").asText()).isEqualTo("MARTIN");
        assertThat(lookup.get("prenom").asText()).isEqualTo("LEA");
        assertThat(lookup.get("dateNaissance").asText()).isEqualTo("1990-04-12");
    }

    @Test
    void PARTNERS_3_6_a_pending_pass_names_the_pre_check_that_stops_it_and_names_it_again_when_it_changes() {
        LocalDate start = LocalDate.of(2053, 3, 3);
        String number = passStartingOn(start);
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTS_IN_FUTURE".equals(notification(number).path("exitCode").asText()));

        // its hire withdrawn before the start: on the day it waits for one, and says so
        jdbc.sql("UPDATE hire SET cancelled_at = now() WHERE pass_number = ?").param(number).update();
        today(start);
        await().atMost(Duration.ofSeconds(10)).until(() -> "NO_JOB_APPLICATION".equals(notification(number).path("exitCode").asText()));
        assertThat(notification(number).get("status").asText()).isEqualTo("PENDING");

        // its start ahead again (as after a change of its dates, SUSP-11): a PASS already marked otherwise is marked again
        today(start.minusDays(1));
        await().atMost(Duration.ofSeconds(10)).until(() -> "STARTS_IN_FUTURE".equals(notification(number).path("exitCode").asText()));
        assertThat(notification(number).get("status").asText()).isEqualTo("PENDING");
        assertThat(franceTravail.updatesOf(number)).isEmpty();
    }

    /** The look-ups France Travail received for this NIR, oldest first. */
    private List<JsonNode> lookupsOf(String nir) {
        return franceTravail.received(Endpoint.LOOKUP).stream().map(FranceTravailSimulator.Received::body)
                .filter(b -> nir.substring(0, 13).equals(b.path("nirCertifie").asText())).toList();
    }

    @Test
    void PARTNERS_3_4_the_lookup_searches_by_the_birth_name_an_agrement_gave_else_by_the_last_name() {
        LocalDate start = LocalDate.of(2049, 3, 3);
        String ftId = AgrementFixtures.newFranceTravailId();
        Map<String, Object> person = new HashMap<>(PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH));
        person.put("franceTravailId", ftId);
        String nir = (String) person.get("nir");
        today(start.minusDays(1));
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(),
                toJson(PassFixtures.issuance(person, ACI, "ACI", start, start.minusDays(1))));
        assertThat(issued.status()).isEqualTo(201);
        String number = issued.body().get("number").asText();
        franceTravail.answerLookup(nir, "S000");

        today(start);
        awaitStatus(number, "ERROR");
        assertThat(lookupsOf(nir)).hasSize(1);
        assertThat(lookupsOf(nir).get(0).get("nomNaissance").asText()).isEqualTo("MARTIN");

        // an agrément of 2010–2011 gives her birth name: the identity the look-up failed with has changed (§3.6 step 1);
        // France Travail's answer is set first, since the look-up may be made again as soon as the agrément is linked
        franceTravail.answerLookup(nir, "S001");
        String file = AgrementFixtures.newFileName();
        AgrementFixtures.drop(file, "35021;" + ftId + ";MARTIN;LUCIE;LEROY;" + AgrementFixtures.newRoot()
                + ";2010-01-04;2011-12-31;12/04/90");
        assertThat(AgrementFixtures.loaded(jdbc, file)).containsEntry("linked", 1L);

        awaitStatus(number, "SUCCESS");
        assertThat(lookupsOf(nir)).hasSize(2);
        assertThat(lookupsOf(nir).get(1).get("nomNaissance").asText()).isEqualTo("LEROY");
        assertThat(lookupsOf(nir).get(1).get("prenom").asText()).isEqualTo("LEA");
    }

    @Test
    void PARTNERS_3_6_a_business_refusal_is_final_and_stored_with_its_code() {
        LocalDate start = LocalDate.of(2042, 3, 3);
        String number = passStartingOn(start);
        franceTravail.answerUpdate(number, "S022");

        today(start);
        awaitStatus(number, "ERROR");

        assertThat(notification(number).get("exitCode").asText()).isEqualTo("S022");
        long cycles = franceTravail.received(Endpoint.UPDATE).size();
        await().during(Duration.ofSeconds(2)).atMost(Duration.ofSeconds(5))
                .until(() -> franceTravail.received(Endpoint.UPDATE).size() >= cycles);
        assertThat(franceTravail.updatesOf(number)).hasSize(1);
    }

    /**
     * The timer stopped (started again after each test): the test runs the cycles, whose calls it can count. The
     * failures injected open the breaker now and then: a cycle starts once it lets a call through again.
     */
    private void cycle() throws Exception {
        camel.getRouteController().stopRoute(FtNotificationsRoute.DISPATCH_ROUTE);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50))
                .until(() -> !"OPEN".equals(franceTravailClient.circuitState()));
        dispatcher.cycle(() -> true);
    }

    private void assertNotification(String number, String status, String exitCode) {
        assertThat(notification(number).get("status").asText()).isEqualTo(status);
        assertThat(notification(number).get("exitCode").asText()).isEqualTo(exitCode);
    }

    @Test
    void PARTNERS_3_5_a_500_is_one_call_in_its_cycle_and_the_notification_is_sent_again_at_the_next() throws Exception {
        LocalDate start = LocalDate.of(2043, 3, 3);
        String number = passStartingOn(start);
        // a retry within the call would meet the second 500 in the first cycle
        franceTravail.failNextFor(number, new Failure(500, null), new Failure(500, null));
        today(start);

        cycle();
        assertThat(franceTravail.updatesOf(number)).hasSize(1);
        assertNotification(number, "SHOULD_RETRY", "HTTP_500");

        cycle();
        assertThat(franceTravail.updatesOf(number)).hasSize(2);
        assertNotification(number, "SHOULD_RETRY", "HTTP_500");

        cycle();
        assertThat(franceTravail.updatesOf(number)).hasSize(3);
        assertNotification(number, "SUCCESS", "S000");

        // each maj-pass-iae call is in the evidence, with France Travail's answer, under the PASS it notified
        List<JsonNode> calls = new ArrayList<>();
        for (byte[] leaf : jdbc.sql("""
                SELECT l.body FROM evidence_leaf l JOIN evidence_leaf_pass p ON p.leaf_id = l.id WHERE p.pass_number = ?
                AND convert_from(l.body, 'UTF8')::jsonb ->> 'flow' = 'ft-notifications' ORDER BY l.id""").param(number)
                .query(byte[].class).list()) {
            calls.add(json.readTree(leaf));
        }
        assertThat(calls).extracting(call -> call.at("/answer/status").asInt()).containsExactly(500, 500, 200);
        assertThat(calls).allSatisfy(call -> {
            assertThat(call.get("direction").asText()).isEqualTo("OUT");
            assertThat(call.get("partner").asText()).isEqualTo("france-travail");
            assertThat(call.at("/coordinates/path").asText()).isEqualTo(FranceTravailClient.UPDATE_PATH);
        });
    }

    @Test
    void PARTNERS_3_3_a_200_whose_body_is_not_the_answer_is_retried_at_the_next_cycle() throws Exception {
        LocalDate start = LocalDate.of(2043, 4, 3);
        String number = passStartingOn(start);
        franceTravail.failNextFor(number, Failure.malformed("{\"codeSortie\": \"S0"),
                Failure.malformed("{\"codeErreur\": \"X\", \"codeHttp\": 200, \"message\": \"?\"}"));
        today(start);

        cycle();
        assertThat(franceTravail.updatesOf(number)).hasSize(1);
        assertNotification(number, "SHOULD_RETRY", "MALFORMED");

        cycle();
        assertThat(franceTravail.updatesOf(number)).hasSize(2);
        assertNotification(number, "SHOULD_RETRY", "MALFORMED");

        cycle();
        assertNotification(number, "SUCCESS", "S000");
    }

    @Test
    void PARTNERS_3_5_S015_after_an_attempt_of_unknown_outcome_is_the_success_of_that_attempt() throws Exception {
        LocalDate start = LocalDate.of(2043, 5, 3);
        String number = passStartingOn(start);
        // the 500 may have installed the follow-up; the 429 in between is an answer, and does not make it forgotten
        franceTravail.failNextFor(number, new Failure(500, null), new Failure(429, null));
        franceTravail.answerUpdate(number, "S015");
        today(start);

        cycle();
        assertNotification(number, "SHOULD_RETRY", "HTTP_500");
        cycle();
        assertNotification(number, "SHOULD_RETRY", "HTTP_429");
        cycle();

        assertNotification(number, "SUCCESS", "S015");
        assertThat(franceTravail.updatesOf(number)).hasSize(3);
    }

    @Test
    void PARTNERS_3_5_S015_after_attempts_that_were_answered_is_a_refusal() throws Exception {
        LocalDate start = LocalDate.of(2043, 6, 3);
        String number = passStartingOn(start);
        franceTravail.failNextFor(number, new Failure(204, null), Failure.malformed("{}"));
        franceTravail.answerUpdate(number, "S015");
        today(start);

        cycle();
        assertNotification(number, "SHOULD_RETRY", "HTTP_204");
        cycle();
        assertNotification(number, "SHOULD_RETRY", "MALFORMED");
        cycle();

        assertNotification(number, "ERROR", "S015");
        assertThat(franceTravail.updatesOf(number)).hasSize(3);
    }

    @Test
    void PARTNERS_3_3_a_429_pauses_every_call_for_retry_after_then_retries() {
        LocalDate start = LocalDate.of(2044, 3, 3);
        String number = passStartingOn(start);
        franceTravail.failNextFor(number, new Failure(429, 2));

        today(start);
        awaitStatus(number, "SUCCESS");

        List<FranceTravailSimulator.Received> calls = franceTravail.received(Endpoint.UPDATE).stream()
                .filter(r -> number.equals(r.body().path("numPassIAE").asText())).toList();
        assertThat(calls).hasSize(2);
        assertThat(Duration.between(calls.get(0).at(), calls.get(1).at())).isGreaterThanOrEqualTo(Duration.ofMillis(1900));
    }

    @Test
    void PASS_54_a_cancelled_pass_is_sent_with_end_equal_to_start() {
        LocalDate start = LocalDate.of(2045, 3, 3);
        String number = passStartingOn(start);
        Answer cancelled = post("/api/v1/passes/" + number + "/cancellation", key, UUID.randomUUID().toString(),
                toJson(Map.of("siret", ACI, "reason", "test")));
        assertThat(cancelled.status()).isEqualTo(200);

        today(start);
        await().atMost(Duration.ofSeconds(30)).until(() -> franceTravail.updatesOf(number).size() == 1);

        JsonNode request = franceTravail.updatesOf(number).get(0);
        assertThat(request.get("dateFinPassIAE").asText()).isEqualTo(request.get("dateDebutPassIAE").asText());
    }

    @Test
    void PARTNERS_3_3_the_circuit_breaker_opens_on_an_outage_and_closes_after_it() {
        LocalDate start = LocalDate.of(2046, 3, 3);
        List<String> numbers = List.of(passStartingOn(start), passStartingOn(start));
        franceTravail.outage(Endpoint.UPDATE, new Failure(503, null));

        today(start);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> "OPEN".equals(breaker()));
        // the breaker opens in memory before the cycle commits the outcome of the call that failed; which of the two
        // PASS was called first is the dispatcher's choice
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(50)).until(() -> numbers.stream()
                .anyMatch(number -> "SHOULD_RETRY".equals(notification(number).get("status").asText())));

        franceTravail.heal();
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(100)).until(() -> "CLOSED".equals(breaker()));
        numbers.forEach(number -> awaitStatus(number, "SUCCESS"));
    }

    private String breaker() {
        for (JsonNode flow : get("/api/v1/ops/flows", key).body()) {
            if (flow.get("flow").asText().equals("ft-notifications")) {
                return flow.get("circuitBreaker").asText();
            }
        }
        throw new AssertionError("no flow ft-notifications");
    }

    @Test
    void PARTNERS_3_6_a_hub_stopped_mid_way_sends_each_notification_once() throws Exception {
        LocalDate start = LocalDate.of(2047, 3, 3);
        List<String> numbers = new ArrayList<>();
        for (int i = 0; i < 6; i++) {
            numbers.add(passStartingOn(start));
        }
        franceTravail.latency(Duration.ofMillis(250));

        today(start);
        await().atMost(Duration.ofSeconds(30)).pollInterval(Duration.ofMillis(20))
                .until(() -> numbers.stream().filter(n -> !franceTravail.updatesOf(n).isEmpty()).count() >= 2);
        camel.getRouteController().stopRoute(FtNotificationsRoute.DISPATCH_ROUTE);
        long sentBeforeStop = numbers.stream().filter(n -> !franceTravail.updatesOf(n).isEmpty()).count();
        assertThat(sentBeforeStop).isLessThan(numbers.size());
        franceTravail.latency(Duration.ZERO);

        camel.getRouteController().startRoute(FtNotificationsRoute.DISPATCH_ROUTE);
        numbers.forEach(number -> awaitStatus(number, "SUCCESS"));

        numbers.forEach(number -> assertThat(franceTravail.updatesOf(number)).as(number).hasSize(1));
    }

    @Test
    void while_another_node_leads_the_dispatch_this_one_sends_nothing_and_its_timer_sends_once_the_lease_is_released()
            throws Exception {
        LocalDate start = LocalDate.of(2051, 3, 3);
        String number = passStartingOn(start);
        Leases.Held other = otherNode.acquire(LEASE);
        try {
            today(start);
            // this node's timer, stopped, cannot be running a cycle of its own
            camel.getRouteController().stopRoute(FtNotificationsRoute.DISPATCH_ROUTE);
            assertThat(dispatcher.cycle(() -> true)).isEmpty();
            assertThat(franceTravail.updatesOf(number)).isEmpty();
            assertThat(notification(number).get("status").asText()).isEqualTo("PENDING");
        } finally {
            other.close();
        }
        camel.getRouteController().startRoute(FtNotificationsRoute.DISPATCH_ROUTE);
        awaitStatus(number, "SUCCESS");
        assertThat(franceTravail.updatesOf(number)).hasSize(1);
    }

    @Test
    void a_cycle_whose_lease_another_node_took_over_midway_calls_france_travail_no_more_and_commits_nothing_more() throws Exception {
        LocalDate start = LocalDate.of(2052, 3, 3);
        String number = passStartingOn(start);
        today(start);
        camel.getRouteController().stopRoute(FtNotificationsRoute.DISPATCH_ROUTE);
        List<Leases.Held> other = new ArrayList<>();
        // taken over once the cycle has promoted its entries, before its first call
        Optional<NotificationDispatcher.Cycle> lost = dispatcher.cycle(() -> {
            if (other.isEmpty()) {
                other.add(otherNode.takeOver(LEASE));
            }
            return true;
        });
        try {
            assertThat(lost).isEmpty();
            assertThat(other).hasSize(1);
            assertThat(franceTravail.updatesOf(number)).isEmpty();
            assertThat(notification(number).get("status").asText()).isEqualTo("READY");
        } finally {
            other.forEach(Leases.Held::close);
        }

        cycle();
        assertNotification(number, "SUCCESS", "S000");
        assertThat(franceTravail.updatesOf(number)).hasSize(1);
    }
}
