package fr.passerelle.iae.routes.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.sirene.InseeSimulator;
import fr.passerelle.iae.registry.employer.EmployerRegistry;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.rules.EmployerKind;
import fr.passerelle.iae.registry.sirene.SireneVerifications;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.OtherNode;
import fr.passerelle.iae.routes.TestHub;
import fr.passerelle.iae.routes.ops.Leadership;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * Flow {@code sirene-verification} end to end (PARTNERS §4.6, DOMAIN EMP-41, EMP-42): an employer registered in the
 * real PostgreSQL is checked against the INSEE simulator over HTTP, and the answer shows in {@code GET /employers}.
 */
class SireneVerificationTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(20);
    private static final String LEASE = Leadership.lease(SireneVerifications.FLOW);

    @Autowired
    private EmployerRegistry employers;
    @Autowired
    private SireneVerifications verifications;
    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private OtherNode otherNode;
    @Autowired
    private SiretVerifier verifier;
    @Autowired
    private org.apache.camel.CamelContext camel;

    private final InseeSimulator insee = TestHub.insee();

    @AfterEach
    void heal() throws Exception {
        insee.heal();
        camel.getRouteController().startRoute(SireneVerificationRoute.ROUTE);
    }

    private JsonNode sireneOf(String siret, String key) {
        Answer answer = get("/api/v1/employers/" + siret, key);
        assertThat(answer.status()).isEqualTo(200);
        return answer.body();
    }

    private JsonNode awaitChecked(String siret, String key) {
        return await().atMost(WAIT).until(() -> sireneOf(siret, key), body -> !body.at("/sirene/state").asText().equals("UNCHECKED"));
    }

    private boolean reviewed(String siret, String reason, String key) {
        Answer reviews = get("/api/v1/ops/sirene/reviews?limit=1000", key);
        for (JsonNode review : reviews.body().path("reviews")) {
            if (review.path("siret").asText().equals(siret) && review.path("reason").asText().equals(reason)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void an_active_establishment_is_verified_with_its_sirene_name_and_address() {
        String siret = SireneFixtures.siret();
        insee.establishments(SireneFixtures.csv(SireneFixtures.HEADER,
                SireneFixtures.rows(SireneFixtures.row(siret, "A", "2020-01-01", "JARDINS DE TEST"))));
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        JsonNode employer = awaitChecked(siret, fullKey());
        assertThat(employer.at("/sirene/state").asText()).isEqualTo("A");
        assertThat(employer.at("/sirene/diffusion").asText()).isEqualTo("O");
        assertThat(employer.at("/sirene/name").asText()).isEqualTo("JARDINS DE TEST");
        assertThat(employer.at("/sirene/address").asText()).isEqualTo("3 RUE DES TESTS, 35000 RENNES");
        assertThat(employer.at("/sirene/checkedAt").isNull()).isFalse();
        assertThat(employer.at("/status").asText()).isEqualTo("UNVERIFIED");
        assertThat(get("/actuator/prometheus", keyWith("ops:read")).raw()).contains("passerelle_partner_latency_seconds_count{partner=\"insee\"");
    }

    @Test
    void PARTNERS_4_6_the_rate_slot_in_the_database_lets_one_request_through_per_interval_for_all_nodes() {
        // whichever node takes the slot, the others wait for its interval to pass
        await().atMost(WAIT).until(() -> verifications.takeSlot(Duration.ofSeconds(30)));
        assertThat(verifications.takeSlot(Duration.ofMillis(10))).isFalse();
        String siret = SireneFixtures.siret();
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        await().during(Duration.ofSeconds(1)).atMost(WAIT)
                .until(() -> sireneOf(siret, fullKey()).at("/sirene/state").asText(), "UNCHECKED"::equals);
        assertThat(insee.requestsFor(siret)).isZero();
        // the slot freed (as when its 30 s are over): the queue goes on
        jdbc.update("UPDATE sirene_rate_slot SET next_call_at = clock_timestamp() WHERE id = 1");
        assertThat(awaitChecked(siret, fullKey()).at("/sirene/state").asText()).isEqualTo("A");
    }

    @Test
    void EMP_41_a_closed_establishment_is_reported_and_refused_for_a_new_registration() {
        String key = fullKey();
        String siret = SireneFixtures.siret();
        insee.establishments(SireneFixtures.csv(SireneFixtures.HEADER,
                SireneFixtures.rows(SireneFixtures.row(siret, "F", "2025-06-30", "ATELIER FERME"))));
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        assertThat(awaitChecked(siret, key).at("/sirene/state").asText()).isEqualTo("F");
        assertThat(reviewed(siret, "CLOSED_ESTABLISHMENT", key)).isTrue();

        // another kind on the same SIRET would be a new employer: refused, the request names the rule
        LocalDate birth = LocalDate.of(1991, 2, 3);
        Answer refused = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(birth), birth), siret, "AI", today().plusDays(7), today())));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().path("code").asText()).isEqualTo("INVALID_SIRET");
        assertThat(refused.body().at("/details/rule").asText()).isEqualTo("EMP-41");
        assertThat(refused.body().path("field").asText()).isEqualTo("employer.siret");
    }

    @Test
    void EMP_41_an_unknown_siret_404_is_reported_and_refused_for_a_new_registration() {
        String key = fullKey();
        String siret = SireneFixtures.siret();
        insee.unknown(siret);
        employers.findOrRegisterUnverified(siret, EmployerKind.EI);
        assertThat(awaitChecked(siret, key).at("/sirene/state").asText()).isEqualTo("UNKNOWN");
        assertThat(reviewed(siret, "UNKNOWN_SIRET", key)).isTrue();
        LocalDate birth = LocalDate.of(1988, 5, 6);
        Answer refused = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(birth), birth), siret, "ACI", today().plusDays(7), today())));
        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().at("/details/rule").asText()).isEqualTo("EMP-41");
    }

    @Test
    void EMP_42_masked_values_and_a_non_diffusible_403_are_accepted_and_flagged() {
        String key = fullKey();
        String masked = SireneFixtures.siret();
        String siren = SireneFixtures.siren();
        String undisclosed = SireneFixtures.siret(siren, 1);
        insee.establishments(SireneFixtures.csv(SireneFixtures.HEADER, SireneFixtures.rows(
                SireneFixtures.row(masked, "A", "2020-06-15", "", "statutDiffusionEtablissement", "P",
                        "numeroVoieEtablissement", "[ND]", "libelleVoieEtablissement", "[ND]", "typeVoieEtablissement", "[ND]"),
                SireneFixtures.row(undisclosed, "A", "2019-03-01", "", "statutDiffusionEtablissement", "N"))));
        employers.findOrRegisterUnverified(masked, EmployerKind.ACI);
        employers.findOrRegisterUnverified(undisclosed, EmployerKind.ACI);
        JsonNode partly = awaitChecked(masked, key);
        assertThat(partly.at("/sirene/state").asText()).isEqualTo("A");
        assertThat(partly.at("/sirene/diffusion").asText()).isEqualTo("P");
        assertThat(partly.at("/sirene/address").asText()).isEqualTo("35000 RENNES");
        JsonNode hidden = awaitChecked(undisclosed, key);
        assertThat(hidden.at("/sirene/state").asText()).isEqualTo("UNKNOWN");
        assertThat(hidden.at("/sirene/diffusion").asText()).isEqualTo("N");
        // §4.6: not disclosed is not refused
        LocalDate birth = LocalDate.of(1992, 7, 8);
        Answer accepted = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(PassFixtures.newNir(birth), birth), undisclosed, "AI", today().plusDays(7), today())));
        assertThat(accepted.status()).isEqualTo(201);
    }

    @Test
    void a_429_is_honoured_then_the_verification_succeeds() {
        String siret = SireneFixtures.siret();
        insee.failNext(new InseeSimulator.Failure(429, 1));
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        assertThat(awaitChecked(siret, fullKey()).at("/sirene/state").asText()).isEqualTo("A");
        assertThat(insee.requestsFor(siret)).isEqualTo(2);
    }

    @Test
    void INSEE_down_opens_the_breaker_verifications_wait_in_the_queue_and_resume_afterwards() {
        String key = fullKey();
        String first = SireneFixtures.siret();
        String second = SireneFixtures.siret();
        insee.outage(new InseeSimulator.Failure(503, null));
        employers.findOrRegisterUnverified(first, EmployerKind.ACI);
        employers.findOrRegisterUnverified(second, EmployerKind.ACI);
        await().atMost(WAIT).until(() -> flow(key), flow -> flow.path("circuitBreaker").asText().equals("OPEN")
                && flow.path("backlog").asLong() >= 2);
        // nothing else waits for INSEE meanwhile: the registry API answers
        assertThat(get("/api/v1/employers/" + first, key).status()).isEqualTo(200);
        assertThat(sireneOf(first, key).at("/sirene/state").asText()).isEqualTo("UNCHECKED");

        insee.heal();
        assertThat(awaitChecked(first, key).at("/sirene/state").asText()).isEqualTo("A");
        assertThat(awaitChecked(second, key).at("/sirene/state").asText()).isEqualTo("A");
        await().atMost(WAIT).until(() -> flow(key).path("circuitBreaker").asText(), "CLOSED"::equals);
    }

    private JsonNode flow(String key) {
        for (JsonNode flow : get("/api/v1/ops/flows", key).body()) {
            if (flow.path("flow").asText().equals("sirene-verification")) {
                return flow;
            }
        }
        throw new AssertionError("flow sirene-verification missing from /ops/flows");
    }

    @Test
    void while_another_node_leads_the_verifications_this_one_verifies_nothing_and_goes_on_once_the_lease_is_released()
            throws Exception {
        String key = fullKey();
        Leases.Held other = otherNode.acquire(LEASE);
        String siret = SireneFixtures.siret();
        try {
            // this node's timer, stopped, cannot be running a turn of its own
            camel.getRouteController().stopRoute(SireneVerificationRoute.ROUTE);
            employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
            JsonNode refused = runToEnd(SireneVerifications.FLOW);
            assertThat(refused.get("state").asText()).as(refused.toString()).isEqualTo("FAILED");
            assertThat(sireneOf(siret, key).at("/sirene/state").asText()).isEqualTo("UNCHECKED");
            assertThat(insee.requestsFor(siret)).isZero();
        } finally {
            other.close();
        }
        camel.getRouteController().startRoute(SireneVerificationRoute.ROUTE);
        assertThat(awaitChecked(siret, key).at("/sirene/state").asText()).isEqualTo("A");
    }

    @Test
    void a_turn_whose_lease_another_node_took_over_midway_stores_no_answer() throws Exception {
        String key = fullKey();
        camel.getRouteController().stopRoute(SireneVerificationRoute.ROUTE);
        String siret = SireneFixtures.siret();
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        jdbc.update("UPDATE sirene_rate_slot SET next_call_at = clock_timestamp() WHERE id = 1");
        List<Leases.Held> other = new ArrayList<>();
        try {
            assertThat(verifier.turn(() -> {
                if (other.isEmpty()) {
                    other.add(otherNode.takeOver(LEASE));
                }
                return true;
            })).isEmpty();
            assertThat(sireneOf(siret, key).at("/sirene/state").asText()).isEqualTo("UNCHECKED");
        } finally {
            other.forEach(Leases.Held::close);
        }
        camel.getRouteController().startRoute(SireneVerificationRoute.ROUTE);
        assertThat(awaitChecked(siret, key).at("/sirene/state").asText()).isEqualTo("A");
    }
}
