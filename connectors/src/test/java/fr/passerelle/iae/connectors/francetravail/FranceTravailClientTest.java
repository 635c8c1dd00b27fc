package fr.passerelle.iae.connectors.francetravail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Endpoint;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Failure;

/** The client's HTTP behaviour (PARTNERS §3.2, §3.3) against the simulator over HTTP. */
class FranceTravailClientTest {

    private final FranceTravailSimulator simulator = FranceTravailSimulator.start(0);

    @AfterEach
    void stop() {
        simulator.close();
    }

    private FranceTravailClient client(int attempts) {
        return new FranceTravailClient(new FranceTravailSettings(simulator.baseUrl(), simulator.baseUrl(),
                FranceTravailSimulator.CLIENT_ID, FranceTravailSimulator.CLIENT_SECRET, "api_testmaj-pass-iaev1",
                Duration.ofSeconds(5), 100, attempts, Duration.ofMillis(10), 4, 50, Duration.ofSeconds(30), Duration.ofSeconds(1)));
    }

    private static Map<String, Object> update(String number) {
        return Map.of("numPassIAE", number, "idNational", "id", "typeSIAE", 836, "dateDebutPassIAE", "2025-03-03",
                "dateFinPassIAE", "2027-03-02", "statutReponsePassIAE", "A", "numSIRETsiae", "44198765800016",
                "origineCandidature", "PRES");
    }

    @Test
    void PARTNERS_3_2_the_token_is_cached_and_fetched_again_once_after_a_401() {
        FranceTravailClient client = client(1);

        client.post(FranceTravailClient.UPDATE_PATH, update("999990000001"), JsonNode.class);
        client.post(FranceTravailClient.UPDATE_PATH, update("999990000002"), JsonNode.class);
        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(1);
        assertThat(simulator.received(Endpoint.TOKEN).get(0).body().get("scope").asText())
                .isEqualTo("application_" + FranceTravailSimulator.CLIENT_ID
                        + " api_rechercheindividucertifiev1 rechercherIndividuCertifie api_testmaj-pass-iaev1 passIAE");

        simulator.failNext(Endpoint.UPDATE, new Failure(401, null));
        JsonNode answer = client.post(FranceTravailClient.UPDATE_PATH, update("999990000003"), JsonNode.class);

        assertThat(answer.get("codeSortie").asText()).isEqualTo("S000");
        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(2);
    }

    @Test
    void PARTNERS_3_2_a_token_about_to_expire_is_renewed() {
        simulator.tokenLifetime(10);                          // expires_in − 10 s: already stale
        FranceTravailClient client = client(1);

        client.post(FranceTravailClient.UPDATE_PATH, update("999990000004"), JsonNode.class);
        client.post(FranceTravailClient.UPDATE_PATH, update("999990000005"), JsonNode.class);

        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(2);
    }

    @Test
    void PARTNERS_3_3_204_and_5xx_are_recoverable_failures_retried_with_back_off() {
        FranceTravailClient client = client(2);
        simulator.failNext(Endpoint.UPDATE, new Failure(204, null), new Failure(500, null));

        assertThatThrownBy(() -> client.post(FranceTravailClient.UPDATE_PATH, update("999990000006"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> assertThat(e.reason()).isEqualTo("HTTP_500"));
        assertThat(simulator.updatesOf("999990000006")).hasSize(2);

        simulator.failNext(Endpoint.UPDATE, new Failure(503, null));
        assertThat(client.post(FranceTravailClient.UPDATE_PATH, update("999990000007"), JsonNode.class).get("codeSortie").asText())
                .isEqualTo("S000");
    }

    @Test
    void PARTNERS_3_3_the_breaker_opens_after_failures_and_then_fails_fast() {
        FranceTravailClient client = client(1);
        simulator.outage(Endpoint.UPDATE, new Failure(503, null));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.post(FranceTravailClient.UPDATE_PATH, update("999990000008"), JsonNode.class))
                    .isInstanceOf(FranceTravailUnavailable.class);
        }
        assertThat(client.circuitState()).isEqualTo("OPEN");

        assertThatThrownBy(() -> client.post(FranceTravailClient.UPDATE_PATH, update("999990000009"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> assertThat(e.reason()).isEqualTo("CIRCUIT_OPEN"));
        assertThat(simulator.updatesOf("999990000009")).isEmpty();
    }

    @Test
    void PARTNERS_3_3_the_pace_is_kept_and_the_simulator_never_answers_429() {
        simulator.rateLimit(100);
        FranceTravailClient client = client(1);
        long start = System.nanoTime();

        for (int i = 0; i < 150; i++) {
            client.post(FranceTravailClient.UPDATE_PATH, update("99999000001" + (i % 10)), JsonNode.class);
        }

        assertThat(simulator.rateLimitedAnswers()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }
}
