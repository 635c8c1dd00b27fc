package fr.passerelle.iae.connectors.francetravail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.mappings.francetravail.PassUpdateAnswer;

import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Endpoint;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator.Failure;

/** The client's HTTP behaviour (PARTNERS §3.2, §3.3, §3.5) against the simulator over HTTP. */
class FranceTravailClientTest {

    private final FranceTravailSimulator simulator = FranceTravailSimulator.start(0);

    @AfterEach
    void stop() {
        simulator.close();
    }

    private FranceTravailClient client(int attempts) {
        return client(attempts, simulator.baseUrl(), Duration.ofSeconds(5));
    }

    private FranceTravailClient client(int attempts, URI api, Duration timeout) {
        return new FranceTravailClient(new FranceTravailSettings(simulator.baseUrl(), api,
                FranceTravailSimulator.CLIENT_ID, FranceTravailSimulator.CLIENT_SECRET, "api_testmaj-pass-iaev1",
                timeout, 100, attempts, Duration.ofMillis(10), 4, 50, Duration.ofSeconds(30), Duration.ofSeconds(1)));
    }

    private static Map<String, Object> lookup(String nir) {
        return Map.of("dateNaissance", "1990-04-12", "nirCertifie", nir, "nomNaissance", "DURAND", "prenom", "CAMILLE");
    }

    private static Map<String, Object> update(String number) {
        return Map.of("numPassIAE", number, "idNational", "id", "typeSIAE", 836, "dateDebutPassIAE", "2025-03-03",
                "dateFinPassIAE", "2027-03-02", "statutReponsePassIAE", "A", "numSIRETsiae", "44198765800016",
                "origineCandidature", "PRES");
    }

    @Test
    void PARTNERS_3_2_the_token_is_cached_and_fetched_again_once_after_a_401() {
        FranceTravailClient client = client(1);

        client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000001"), JsonNode.class);
        client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000002"), JsonNode.class);
        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(1);
        assertThat(simulator.received(Endpoint.TOKEN).get(0).body().get("scope").asText())
                .isEqualTo("application_" + FranceTravailSimulator.CLIENT_ID
                        + " api_rechercheindividucertifiev1 rechercherIndividuCertifie api_testmaj-pass-iaev1 passIAE");

        simulator.failNext(Endpoint.UPDATE, new Failure(401, null));
        JsonNode answer = client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000003"), JsonNode.class);

        assertThat(answer.get("codeSortie").asText()).isEqualTo("S000");
        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(2);
    }

    @Test
    void PARTNERS_3_2_a_token_about_to_expire_is_renewed() {
        simulator.tokenLifetime(10);                          // expires_in − 10 s: already stale
        FranceTravailClient client = client(1);

        client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000004"), JsonNode.class);
        client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000005"), JsonNode.class);

        assertThat(simulator.received(Endpoint.TOKEN)).hasSize(2);
    }

    @Test
    void PARTNERS_3_3_204_and_5xx_of_an_identity_lookup_are_recoverable_failures_retried_with_back_off() {
        FranceTravailClient client = client(2);
        simulator.failNext(Endpoint.LOOKUP, new Failure(204, null), new Failure(500, null));

        assertThatThrownBy(() -> client.post(FranceTravailClient.LOOKUP_PATH, lookup("2900435238051"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> assertThat(e.reason()).isEqualTo("HTTP_500"));
        assertThat(simulator.received(Endpoint.LOOKUP)).hasSize(2);

        simulator.failNext(Endpoint.LOOKUP, new Failure(503, null));
        assertThat(client.post(FranceTravailClient.LOOKUP_PATH, lookup("2900435238051"), JsonNode.class).get("codeSortie").asText())
                .isEqualTo("S001");
        assertThat(simulator.received(Endpoint.LOOKUP)).hasSize(4);
    }

    @Test
    void PARTNERS_3_5_maj_pass_iae_is_sent_once_whatever_the_failure_and_tells_when_its_outcome_is_unknown() {
        record Case(String number, Failure failure, String reason, boolean outcomeUnknown) {
        }
        // the two 200: JSON cut short, and JSON without the codeSortie of the contract's answer
        List<Case> cases = List.of(
                new Case("999990000020", new Failure(500, null), "HTTP_500", true),
                new Case("999990000021", new Failure(503, null), "HTTP_503", true),
                new Case("999990000022", new Failure(204, null), "HTTP_204", false),
                new Case("999990000023", new Failure(400, null), "HTTP_400", false),
                new Case("999990000024", Failure.malformed("{\"codeSortie\": \"S0"), "MALFORMED", false),
                new Case("999990000025", Failure.malformed("{\"codeErreur\": \"X\", \"codeHttp\": 200, \"message\": \"?\"}"),
                        "MALFORMED", false),
                new Case("999990000026", new Failure(429, 1), "HTTP_429", false));
        for (Case c : cases) {
            // a client of its own: the failures of the others would open its breaker
            FranceTravailClient client = client(3);
            simulator.failNext(Endpoint.UPDATE, c.failure());

            assertThatThrownBy(() -> client.postOnce(FranceTravailClient.UPDATE_PATH, update(c.number()), PassUpdateAnswer.class))
                    .as(c.reason()).isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> {
                        assertThat(e.reason()).isEqualTo(c.reason());
                        assertThat(e.outcomeUnknown()).isEqualTo(c.outcomeUnknown());
                    });
            assertThat(simulator.updatesOf(c.number())).as(c.reason()).hasSize(1);
        }
    }

    @Test
    void PARTNERS_3_5_a_timed_out_maj_pass_iae_is_not_sent_again_and_its_outcome_is_unknown() {
        FranceTravailClient client = client(3, simulator.baseUrl(), Duration.ofMillis(300));
        client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000030"), JsonNode.class);   // the token, in time
        simulator.latency(Duration.ofMillis(1500));
        long calls = client.callCount();

        assertThatThrownBy(() -> client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000031"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> {
                    assertThat(e.reason()).isEqualTo("TIMEOUT");
                    assertThat(e.outcomeUnknown()).isTrue();
                });

        assertThat(client.callCount() - calls).isEqualTo(1);
        // France Travail got the request all the same, once
        await().atMost(Duration.ofSeconds(10)).until(() -> simulator.updatesOf("999990000031").size() == 1);
    }

    @Test
    void PARTNERS_3_5_a_maj_pass_iae_that_could_not_connect_was_never_received() throws IOException {
        int closed;
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            closed = socket.getLocalPort();
        }
        FranceTravailClient client = client(3, URI.create("http://127.0.0.1:" + closed), Duration.ofSeconds(5));

        assertThatThrownBy(() -> client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000032"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> {
                    assertThat(e.reason()).isEqualTo("NETWORK");
                    assertThat(e.outcomeUnknown()).isFalse();
                });
        assertThat(client.callCount()).isEqualTo(1);
    }

    @Test
    void PARTNERS_3_3_the_breaker_opens_after_failures_and_then_fails_fast() {
        FranceTravailClient client = client(1);
        simulator.outage(Endpoint.UPDATE, new Failure(503, null));
        for (int i = 0; i < 4; i++) {
            assertThatThrownBy(() -> client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000008"), JsonNode.class))
                    .isInstanceOf(FranceTravailUnavailable.class);
        }
        assertThat(client.circuitState()).isEqualTo("OPEN");

        assertThatThrownBy(() -> client.postOnce(FranceTravailClient.UPDATE_PATH, update("999990000009"), JsonNode.class))
                .isInstanceOfSatisfying(FranceTravailUnavailable.class, e -> assertThat(e.reason()).isEqualTo("CIRCUIT_OPEN"));
        assertThat(simulator.updatesOf("999990000009")).isEmpty();
    }

    @Test
    void PARTNERS_3_3_the_pace_is_kept_and_the_simulator_never_answers_429() {
        simulator.rateLimit(100);
        FranceTravailClient client = client(1);
        long start = System.nanoTime();

        for (int i = 0; i < 150; i++) {
            client.postOnce(FranceTravailClient.UPDATE_PATH, update("99999000001" + (i % 10)), JsonNode.class);
        }

        assertThat(simulator.rateLimitedAnswers()).isZero();
        assertThat(Duration.ofNanos(System.nanoTime() - start)).isGreaterThanOrEqualTo(Duration.ofMillis(1400));
    }
}
