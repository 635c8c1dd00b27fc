package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.FlowActivity;

/**
 * ID-10: NIR and birth dates never appear in the logs, whatever happens to the request, nor in what operators read
 * (flow states, journal errors, dead letters, health).
 */
@ExtendWith(OutputCaptureExtension.class)
class PersonalDataInLogsTest extends HubTestSupport {

    @Test
    void ID_10_issuances_refusals_and_conflicts_leave_no_nir_nor_birth_date_in_the_logs(CapturedOutput output) {
        LocalDate birth = LocalDate.of(1987, 11, 23);
        String nir = PassFixtures.newNir(birth);
        String key = fullKey();
        Map<String, Object> hire = PassFixtures.issuance(PassFixtures.person(nir, birth), "73282932000074", "ACI",
                today().plusDays(2), today());
        Map<String, Object> conflict = PassFixtures.issuance(PassFixtures.person(nir, birth.plusDays(1)), "44198765800016", "AI",
                today().plusDays(2), today());
        Map<String, Object> badKey = new HashMap<>(hire);
        badKey.put("person", PassFixtures.person(nir.substring(0, 13) + "00", birth));

        assertThat(post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(hire)).status()).isEqualTo(201);
        assertThat(post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(conflict)).status()).isEqualTo(422);
        assertThat(post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(badKey)).status()).isEqualTo(400);
        post("/api/v1/passes/search", key, null, toJson(Map.of("nir", nir)));

        assertThat(output.getAll()).doesNotContain(nir).doesNotContain(nir.substring(0, 13)).doesNotContain(birth.toString());
    }

    @Autowired
    private org.springframework.jdbc.core.simple.JdbcClient jdbc;
    @Autowired
    private FlowStates flowStates;
    @Autowired
    private FlowActivity activity;
    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private DeadLetters letters;

    @Test
    void ID_10_errors_recorded_for_operators_keep_no_personal_value_in_any_store() {
        LocalDate birth = LocalDate.of(1979, 3, 14);
        String nir = PassFixtures.newNir(birth);
        String spaced = nir.charAt(0) + " " + nir.substring(1, 3) + " " + nir.substring(3, 5) + " " + nir.substring(5, 7) + " "
                + nir.substring(7, 10) + " " + nir.substring(10, 13) + " " + nir.substring(13);
        String error = "PSQLException: new row for relation \"person\" violates check constraint Detail: Failing row contains "
                + "(0c1d, " + nir + ", null, Zébulon, Ophélie, " + birth + "). Key (nir)=(" + nir + "); le " + spaced
                + ", né le 14/03/1979 (14MAR1979, 19790314)";
        String flow = "masking-" + UUID.randomUUID().toString().substring(0, 8);

        flowStates.failure(flow, error);
        activity.answered("pass-api", 500, error);
        UUID exchange = journal.open(flow, "test", ExchangeJournal.Direction.IN, flow + ".csv", keptFile("test", 1), 1, null).orElseThrow();
        journal.close(exchange, ExchangeJournal.Status.FAILED, ExchangeJournal.Counts.NONE, error);
        letters.record(flow, "kafka:test", Map.of(), new byte[0], error);

        String key = fullKey();
        String seen = get("/api/v1/ops/flows", key).raw() + get("/api/v1/ops/exchanges?limit=1000", key).raw()
                + get("/api/v1/ops/dead-letters?limit=1000", key).raw() + get("/actuator/health", key).raw()
                + jdbc.sql("SELECT string_agg(coalesce(last_error, ''), '|') FROM flow_state").query(String.class).single();
        assertThat(seen).contains(flow).contains("Failing row contains (masqué)")
                .doesNotContain(nir).doesNotContain(nir.substring(0, 13)).doesNotContain(spaced).doesNotContain("Zébulon")
                .doesNotContain("Ophélie").doesNotContain(birth.toString()).doesNotContain("14/03/1979")
                .doesNotContain("14MAR1979").doesNotContain("19790314");
    }

    @Test
    void ID_10_database_messages_are_masked_before_they_are_logged() {
        String message = "duplicate key value violates unique constraint \"person_nir_key\" Detail: Key (nir)=(290043523805128) "
                + "already exists; birth 1990-04-15";

        String masked = PersonalData.mask(message);

        assertThat(masked).doesNotContain("290043523805128").doesNotContain("1990-04-15").contains("person_nir_key");
    }
}
