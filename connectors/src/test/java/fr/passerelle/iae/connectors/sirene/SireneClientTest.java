package fr.passerelle.iae.connectors.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;

/** PARTNERS §4.6 over real HTTP against the INSEE simulator. */
class SireneClientTest {

    private static InseeSimulator insee;
    private final List<Duration> latencies = new ArrayList<>();
    private final List<String> tapped = new ArrayList<>();
    private SireneClient client;

    @BeforeAll
    static void start() {
        insee = InseeSimulator.start(0);
    }

    @AfterAll
    static void stop() {
        insee.close();
    }

    @BeforeEach
    void client() {
        insee.heal();
        client = client(InseeSimulator.API_KEY);
    }

    private SireneClient client(String key) {
        return new SireneClient(new SireneSettings(insee.baseUrl(), key, Duration.ofSeconds(5), 3, Duration.ofMillis(20),
                3, 50f, Duration.ofMillis(500), Duration.ofSeconds(60)), latencies::add,
                (method, path, request, status, answer) -> tapped.add(method + " " + path + " " + status + " "
                        + new String(answer, StandardCharsets.UTF_8).contains("ATELIER DU CANAL")));
    }

    @Test
    void the_state_is_read_from_the_current_period_of_the_sample_answer() {
        SireneAnswer answer = client.lookup("44198765800016");
        EstablishmentRecord found = ((SireneAnswer.Found) answer).establishment();
        assertThat(found.state()).isEqualTo("A");
        assertThat(found.stateSince()).isEqualTo(LocalDate.of(2016, 1, 1));
        assertThat(found.displayName()).isEqualTo("ATELIER DU CANAL");
        assertThat(found.addressLine()).isEqualTo("12 RUE DU CANAL");
        assertThat(found.diffusion()).isEqualTo("O");
        assertThat(latencies).hasSize(1);
        // the exchange as it went over the wire, for the evidence journal
        assertThat(tapped).containsExactly("GET /siret/44198765800016 200 true");
    }

    @Test
    void a_closed_establishment_is_F_and_unknown_and_undisclosed_ones_are_final_answers() {
        assertThat(((SireneAnswer.Found) client.lookup("81940326200010")).establishment().state()).isEqualTo("F");
        assertThat(client.lookup("73282932000075")).isInstanceOf(SireneAnswer.Unknown.class);
        assertThat(client.lookup("48751234900019")).isInstanceOf(SireneAnswer.NotDiffusible.class);
    }

    @Test
    void EMP_42_masked_values_are_null_and_the_establishment_partly_diffusible() {
        EstablishmentRecord masked = ((SireneAnswer.Found) client.lookup("88473120900018")).establishment();
        assertThat(masked.partlyDiffusible()).isTrue();
        assertThat(masked.diffusion()).isEqualTo("P");
        assertThat(masked.addressLine()).isNull();
        assertThat(masked.commune()).isEqualTo("BREST");
    }

    @Test
    void a_429_is_reported_with_its_retry_after_and_not_retried_at_once() {
        insee.failNext(new InseeSimulator.Failure(429, 7));
        long before = insee.requestsFor("52311874300013");
        assertThatThrownBy(() -> client.lookup("52311874300013"))
                .isInstanceOfSatisfying(SireneUnavailable.class, e -> assertThat(e.retryAfter()).isEqualTo(Duration.ofSeconds(7)));
        assertThat(insee.requestsFor("52311874300013") - before).isEqualTo(1);
        assertThat(client.lookup("52311874300013")).isInstanceOf(SireneAnswer.Found.class);
    }

    @Test
    void a_5xx_is_retried_with_back_off_and_an_outage_opens_the_breaker() {
        insee.failNext(new InseeSimulator.Failure(503, null));
        assertThat(client.lookup("90217735100019")).isInstanceOf(SireneAnswer.Found.class);
        insee.outage(new InseeSimulator.Failure(500, null));
        assertThatThrownBy(() -> client.lookup("90217735100019")).isInstanceOf(SireneUnavailable.class);
        assertThat(client.circuitState()).isEqualTo("OPEN");
        long before = insee.requestsFor("90217735100019");
        assertThatThrownBy(() -> client.lookup("90217735100019"))
                .isInstanceOfSatisfying(SireneUnavailable.class, e -> assertThat(e.reason()).isEqualTo("CIRCUIT_OPEN"));
        assertThat(insee.requestsFor("90217735100019")).isEqualTo(before);
    }

    @Test
    void a_wrong_key_is_a_401_failure_not_an_answer() {
        assertThatThrownBy(() -> client("wrong").lookup("44198765800016"))
                .isInstanceOfSatisfying(SireneUnavailable.class, e -> assertThat(e.reason()).isEqualTo("HTTP_401"));
    }
}
