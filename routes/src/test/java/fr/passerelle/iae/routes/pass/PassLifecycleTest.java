package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.routes.HubTestSupport;

/** Suspension, prolongation and cancellation (DOMAIN §1.7–1.9) and their effect on the end date. */
class PassLifecycleTest extends HubTestSupport {

    private static final LocalDate BIRTH = LocalDate.of(1990, 4, 15);
    private static final String ACI = "73282932000074";
    private static final String AI = "44198765800016";
    private static final LocalDate START = LocalDate.of(2025, 1, 6);

    @Autowired
    JdbcClient jdbc;

    private String key;
    private String number;

    @BeforeEach
    void passStartedOn6January2025() {
        key = fullKey();
        today(START);
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(),
                toJson(PassFixtures.issuance(PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH), ACI, "ACI", START, START)));
        assertThat(issued.body().get("endDate").asText()).isEqualTo("2027-01-05");
        number = issued.body().get("number").asText();
    }

    private void today(LocalDate date) {
        clock.set(date.atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
    }

    private Answer call(String path, Map<String, Object> body) {
        return post("/api/v1/passes/" + number + path, key, UUID.randomUUID().toString(), toJson(body));
    }

    private Answer suspend(String from, String to, String reason, String siret) {
        return call("/suspensions", Map.of("startDate", from, "endDate", to, "reason", reason, "siret", siret));
    }

    @Test
    void SUSP_10_a_june_suspension_adds_30_days_and_ending_it_early_gives_them_back() {
        today(LocalDate.of(2025, 7, 1));

        Answer suspended = suspend("2025-06-01", "2025-06-30", "CONTRACT_SUSPENDED", ACI);

        assertThat(suspended.status()).isEqualTo(201);
        assertThat(suspended.body().get("endDate").asText()).isEqualTo("2027-02-04");
        assertThat(suspended.body().get("notifications").get("franceTravail").get("status").asText()).isEqualTo("PENDING");

        today(LocalDate.of(2025, 7, 10));
        Answer running = suspend("2025-07-10", "2025-09-30", "CONTRACT_BROKEN", ACI);
        assertThat(running.body().get("status").asText()).isEqualTo("SUSPENDED");
        String id = running.body().get("suspensions").get(1).get("id").asText();
        Answer ended = call("/suspensions/" + id + "/end", Map.of("endDate", "2025-07-19"));

        assertThat(ended.status()).isEqualTo(200);
        // 2027-02-04 + 10 days (10 … 19 July)
        assertThat(ended.body().get("endDate").asText()).isEqualTo("2027-02-14");
    }

    @Test
    void SUSP_07_SUSP_08_overlap_another_employer_and_legacy_reasons_are_refused() {
        today(LocalDate.of(2025, 7, 1));
        suspend("2025-06-01", "2025-06-30", "CONTRACT_SUSPENDED", ACI);
        today(LocalDate.of(2025, 7, 10));
        suspend("2025-07-05", "2025-07-31", "CONTRACT_BROKEN", ACI);

        Answer overlap = suspend("2025-07-10", "2025-08-15", "CONTRACT_BROKEN", ACI);
        Answer stranger = suspend("2025-07-10", "2025-07-12", "CONTRACT_BROKEN", AI);
        Answer legacy = suspend("2025-07-10", "2025-07-12", "SICKNESS", ACI);

        assertThat(overlap.status()).isEqualTo(422);
        assertThat(overlap.body().get("code").asText()).isEqualTo("SUSPENSION_OVERLAP");
        assertThat(stranger.body().get("code").asText()).isEqualTo("NOT_LAST_EMPLOYER");
        assertThat(legacy.status()).isEqualTo(400);
        assertThat(legacy.body().get("field").asText()).isEqualTo("reason");
    }

    @Test
    void PASS_23_a_new_hire_cuts_the_suspension_in_progress_at_the_day_before() {
        today(LocalDate.of(2025, 7, 10));
        suspend("2025-07-05", "2025-07-31", "CONTRACT_BROKEN", ACI);
        String nir = jdbc.sql("SELECT s.nir FROM person s JOIN pass p ON p.person_id = s.id WHERE p.number = ?")
                .param(number).query(String.class).single();

        Answer reused = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.issuance(
                PassFixtures.person(nir, BIRTH), AI, "AI", LocalDate.of(2025, 7, 15), LocalDate.of(2025, 7, 10))));

        assertThat(reused.status()).isEqualTo(200);
        assertThat(reused.body().get("decision").asText()).isEqualTo("REUSED");
        Answer view = get("/api/v1/passes/" + number, key);
        assertThat(view.body().get("suspensions").get(0).get("endDate").asText()).isEqualTo("2025-07-14");
        // 2027-01-05 + 10 days suspended (5 … 14 July)
        assertThat(view.body().get("endDate").asText()).isEqualTo("2027-01-15");
    }

    @Test
    void SUSP_03_a_suspension_cannot_start_tomorrow() {
        today(LocalDate.of(2025, 7, 1));

        Answer future = suspend("2025-07-02", "2025-07-05", "CONTRACT_BROKEN", ACI);

        assertThat(future.status()).isEqualTo(422);
        assertThat(future.body().get("code").asText()).isEqualTo("SUSPENSION_IN_FUTURE");
    }

    @Test
    void PROL_01_PROL_05_an_RQTH_prolongation_needs_a_prescriber_and_becomes_the_new_end() {
        today(LocalDate.of(2026, 6, 1));
        Map<String, Object> rqth = new HashMap<>(Map.of("endDate", "2027-07-05", "reason", "RQTH", "siret", ACI));

        Answer tooLong = call("/prolongations", Map.of("endDate", "2028-01-06", "reason", "COMPLETE_TRAINING", "siret", ACI));
        Answer unvalidated = call("/prolongations", rqth);
        rqth.put("validatedBy", Map.of("prescriberKind", "CAP_EMPLOI", "organizationSiret", "44198765800016"));
        Answer prolonged = call("/prolongations", rqth);

        assertThat(unvalidated.status()).isEqualTo(422);
        assertThat(unvalidated.body().get("code").asText()).isEqualTo("PRESCRIBER_VALIDATION_REQUIRED");
        assertThat(prolonged.status()).isEqualTo(201);
        assertThat(prolonged.body().get("endDate").asText()).isEqualTo("2027-07-05");
        assertThat(prolonged.body().get("prolongations").get(0).get("startDate").asText()).isEqualTo("2027-01-05");
        assertThat(prolonged.body().get("prolongations").get(0).get("validatedBy").get("prescriberKind").asText()).isEqualTo("CAP_EMPLOI");
        assertThat(tooLong.status()).isEqualTo(422);
        assertThat(tooLong.body().get("code").asText()).isEqualTo("PROLONGATION_TOO_LONG");
    }

    @Test
    void PROL_03_a_prolongation_more_than_12_months_before_the_end_is_refused() {
        today(LocalDate.of(2025, 12, 1));

        Answer early = call("/prolongations", Map.of("endDate", "2027-06-01", "reason", "SENIOR_CDI", "siret", ACI));

        assertThat(early.status()).isEqualTo(422);
        assertThat(early.body().get("code").asText()).isEqualTo("PROLONGATION_OUTSIDE_WINDOW");
    }

    @Test
    void PASS_52_cancelling_the_only_hire_retires_the_number() {
        Answer cancelled = call("/cancellation", Map.of("siret", ACI, "reason", "embauche annulée"));

        assertThat(cancelled.status()).isEqualTo(200);
        assertThat(cancelled.body().get("status").asText()).isEqualTo("CANCELLED");
        Answer view = get("/api/v1/passes/" + number, key);
        assertThat(view.body().get("status").asText()).isEqualTo("CANCELLED");
        assertThat(jdbc.sql("SELECT count(*) FROM pass WHERE number = ?").param(number).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM pass_number WHERE number = ?").param(number).query(Long.class).single()).isOne();
    }

    @Test
    void PASS_50_a_hire_whose_fiche_salarie_reached_ASP_cannot_be_cancelled() {
        UUID hire = jdbc.sql("SELECT id FROM hire WHERE pass_number = ?").param(number).query(UUID.class).single();
        jdbc.sql("INSERT INTO fiche_salarie (id, hire_id, pass_number, siret, measure, status, ever_sent) VALUES (?, ?, ?, ?, 'ACI_DC', 'PROCESSED', true)")
                .params(UUID.randomUUID(), hire, number, ACI).update();

        Answer refused = call("/cancellation", Map.of("siret", ACI, "reason", "erreur"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("CANCELLATION_NOT_ALLOWED");
        assertThat(get("/api/v1/passes/" + number, key).body().get("status").asText()).isEqualTo("VALID");
    }
}
