package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;

import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.api.PersonalDataMasking;

/** ID-10: NIR and birth dates never appear in the logs, whatever happens to the request. */
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

    @Test
    void ID_10_database_messages_are_masked_before_they_are_logged() {
        String message = "duplicate key value violates unique constraint \"person_nir_key\" Detail: Key (nir)=(290043523805128) "
                + "already exists; birth 1990-04-15";

        String masked = PersonalDataMasking.mask(message);

        assertThat(masked).doesNotContain("290043523805128").doesNotContain("1990-04-15").contains("person_nir_key");
    }
}
