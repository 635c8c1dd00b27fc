package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.routes.HubTestSupport;

/** Issuance decisions of DOMAIN §1.3–1.5 and §3 through the public API, on the real database. */
class IssuanceRulesTest extends HubTestSupport {

    private static final LocalDate BIRTH = LocalDate.of(1990, 4, 15);
    private static final String ACI = "73282932000074";
    private static final String AI = "44198765800016";

    @Autowired
    JdbcClient jdbc;

    private String key;

    @BeforeEach
    void client() {
        key = fullKey();
    }

    private void today(LocalDate date) {
        clock.set(date.atTime(10, 0).atZone(java.time.ZoneId.of("Europe/Paris")).toInstant());
    }

    private Answer issue(Map<String, Object> request) {
        return post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(request));
    }

    private static Map<String, Object> with(Map<String, Object> request, String field, Object value) {
        Map<String, Object> copy = new HashMap<>(request);
        copy.put(field, value);
        return copy;
    }

    private static Map<String, Object> siaeDiagnosis(LocalDate on, String... criteria) {
        return Map.of("author", "EMPLOYER", "criteria", List.of(criteria), "diagnosedOn", on.toString());
    }

    private static Map<String, Object> spontaneous() {
        return Map.of("sender", "JOB_SEEKER", "prescriberAuthorized", false);
    }

    @Test
    void PASS_31_PASS_32_waiting_period_refuses_an_employer_hire_and_an_authorised_prescriber_lifts_it() {
        today(LocalDate.of(2023, 1, 2));
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        Answer first = issue(PassFixtures.issuance(person, ACI, "ACI", LocalDate.of(2023, 1, 9), LocalDate.of(2023, 1, 2)));
        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("endDate").asText()).isEqualTo("2025-01-07");

        today(LocalDate.of(2025, 3, 3));
        Map<String, Object> byEmployer = with(with(
                PassFixtures.issuance(person, ACI, "ACI", LocalDate.of(2025, 3, 10), LocalDate.of(2025, 3, 3)),
                "eligibility", siaeDiagnosis(LocalDate.of(2025, 3, 3), "RSA")), "origin", spontaneous());
        Answer refused = issue(byEmployer);
        Answer lifted = issue(PassFixtures.issuance(person, ACI, "ACI", LocalDate.of(2025, 3, 11), LocalDate.of(2025, 3, 3)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("WAITING_PERIOD");
        assertThat(refused.body().get("details").get("rule").asText()).isEqualTo("PASS-32");
        assertThat(lifted.status()).isEqualTo(201);
        assertThat(lifted.body().get("number").asText()).isNotEqualTo(first.body().get("number").asText());
    }

    @Test
    void ELIG_02_an_ACI_needs_three_level_2_criteria_an_AI_two() {
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        Map<String, Object> aci = with(with(PassFixtures.issuance(person, ACI, "ACI", today().plusDays(3), today()),
                "eligibility", siaeDiagnosis(today(), "JEUNE", "QPV")), "origin", spontaneous());
        Map<String, Object> ai = with(with(PassFixtures.issuance(person, AI, "AI", today().plusDays(3), today()),
                "eligibility", siaeDiagnosis(today(), "JEUNE", "QPV")), "origin", spontaneous());

        Answer refused = issue(aci);
        Answer issued = issue(ai);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("INSUFFICIENT_CRITERIA");
        assertThat(issued.status()).isEqualTo(201);
    }

    @Test
    void ELIG_03_SENIOR_with_JEUNE_is_forbidden() {
        Map<String, Object> request = with(PassFixtures.newHire(today()), "eligibility", siaeDiagnosis(today(), "SENIOR", "JEUNE", "QPV"));

        Answer refused = issue(request);

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("FORBIDDEN_CRITERIA_COMBINATION");
    }

    @Test
    void ELIG_04_a_prescriber_diagnosis_older_than_six_months_has_expired() {
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        Answer refused = issue(PassFixtures.issuance(person, ACI, "ACI", today().plusDays(3), today().minusMonths(7)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("DIAGNOSIS_EXPIRED");
    }

    @Test
    void PASS_12_hire_date_between_today_and_six_months() {
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        Answer past = issue(PassFixtures.issuance(person, ACI, "ACI", today().minusDays(1), today()));
        Answer far = issue(PassFixtures.issuance(person, ACI, "ACI", today().plusMonths(6).plusDays(1), today()));

        assertThat(past.status()).isEqualTo(422);
        assertThat(past.body().get("code").asText()).isEqualTo("HIRING_DATE_IN_PAST");
        assertThat(far.body().get("code").asText()).isEqualTo("HIRING_DATE_TOO_FAR");
    }

    @Test
    void PASS_25_a_GEIQ_never_gets_a_pass_and_an_employer_past_its_grace_period_is_refused() {
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        String inactiveSiret = "52311874300013";
        jdbc.sql("INSERT INTO employer (id, siret, kind, status, deactivated_at) VALUES (?, ?, 'EI', 'ACTIVE', now() - interval '40 days') "
                + "ON CONFLICT (siret, kind) DO UPDATE SET deactivated_at = excluded.deactivated_at")
                .params(UUID.randomUUID(), inactiveSiret).update();

        Answer geiq = issue(PassFixtures.issuance(person, ACI, "GEIQ", today().plusDays(3), today()));
        Answer inactive = issue(PassFixtures.issuance(person, inactiveSiret, "EI", today().plusDays(3), today()));

        assertThat(geiq.status()).isEqualTo(422);
        assertThat(geiq.body().get("code").asText()).isEqualTo("EMPLOYER_NOT_SIAE");
        assertThat(inactive.status()).isEqualTo(422);
        assertThat(inactive.body().get("code").asText()).isEqualTo("EMPLOYER_INACTIVE");
    }

    @Test
    void PASS_25_an_unknown_SIAE_is_registered_unverified() {
        Answer issued = issue(PassFixtures.issuance(PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH), "90217735100019", "EITI",
                today().plusDays(3), today()));

        assertThat(issued.status()).isEqualTo(201);
        assertThat(jdbc.sql("SELECT status FROM employer WHERE siret = '90217735100019' AND kind = 'EITI'").query(String.class).single())
                .isEqualTo("UNVERIFIED");
    }

    @Test
    void PASS_22_a_second_hire_starting_earlier_moves_a_pass_that_has_not_started() {
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        Answer first = issue(PassFixtures.issuance(person, ACI, "ACI", today().plusDays(30), today()));
        Answer second = issue(PassFixtures.issuance(person, AI, "AI", today().plusDays(5), today()));

        assertThat(second.status()).isEqualTo(200);
        assertThat(second.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(second.body().get("number").asText()).isEqualTo(first.body().get("number").asText());
        assertThat(second.body().get("startDate").asText()).isEqualTo(today().plusDays(5).toString());
        assertThat(second.body().get("endDate").asText()).isEqualTo(today().plusDays(5).plusDays(729).toString());
        Answer view = get("/api/v1/passes/" + first.body().get("number").asText(), key);
        assertThat(view.body().get("history").findValuesAsText("event")).containsExactly("PassIssued", "PassStartMoved", "PassReused");
    }

    @Test
    void PASS_21_a_hire_after_the_end_of_the_current_pass_is_refused() {
        today(LocalDate.of(2025, 1, 6));
        Map<String, Object> person = PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH);
        issue(PassFixtures.issuance(person, ACI, "ACI", LocalDate.of(2025, 1, 6), LocalDate.of(2025, 1, 6)));
        today(LocalDate.of(2026, 12, 1));

        Answer refused = issue(PassFixtures.issuance(person, AI, "AI", LocalDate.of(2027, 1, 6), LocalDate.of(2026, 12, 1)));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("HIRING_AFTER_PASS_END");
    }

    @Test
    void ID_64_same_nir_with_another_birth_date_is_an_identity_conflict_never_merged() {
        String nir = PassFixtures.newNir(BIRTH);
        issue(PassFixtures.issuance(PassFixtures.person(nir, BIRTH), ACI, "ACI", today().plusDays(3), today()));

        Answer conflict = issue(PassFixtures.issuance(PassFixtures.person(nir, BIRTH.plusDays(2)), AI, "AI", today().plusDays(3), today()));

        assertThat(conflict.status()).isEqualTo(422);
        assertThat(conflict.body().get("code").asText()).isEqualTo("PERSON_IDENTITY_CONFLICT");
        assertThat(conflict.body().get("details").get("rule").asText()).isEqualTo("ID-64");
        assertThat(jdbc.sql("SELECT birth_date FROM person WHERE nir = ?").param(nir).query(LocalDate.class).single()).isEqualTo(BIRTH);
    }

    @Test
    void ID_61_without_nir_the_person_is_found_by_france_travail_id_and_birth_date() {
        String ftId = String.format("%07dA", Math.abs(UUID.randomUUID().getMostSignificantBits()) % 10_000_000);
        Map<String, Object> person = Map.of("franceTravailId", ftId, "title", "M", "lastName", "Durand", "firstName", "Paul",
                "birthDate", "1985-02-03");
        Answer first = issue(PassFixtures.issuance(person, ACI, "ACI", today().plusDays(3), today()));
        Answer second = issue(PassFixtures.issuance(person, AI, "AI", today().plusDays(4), today()));

        assertThat(first.status()).isEqualTo(201);
        assertThat(second.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(second.body().get("personId").asText()).isEqualTo(first.body().get("personId").asText());
    }

    @Test
    void PASS_27_an_identity_without_nir_nor_france_travail_id_is_refused() {
        Map<String, Object> person = Map.of("title", "M", "lastName", "Durand", "firstName", "Paul", "birthDate", "1985-02-03");

        Answer refused = issue(PassFixtures.issuance(person, ACI, "ACI", today().plusDays(3), today()));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("field").asText()).isEqualTo("person.nir");
        assertThat(refused.body().get("details").get("rule").asText()).isEqualTo("PASS-27");
    }

    @Test
    void PASS_02_numbers_use_the_configured_prefix_and_never_repeat() {
        Answer a = issue(PassFixtures.newHire(today()));
        Answer b = issue(PassFixtures.newHire(today()));

        assertThat(a.body().get("number").asText()).startsWith("XXXXX");
        assertThat(Long.parseLong(b.body().get("number").asText().substring(5)))
                .isGreaterThan(Long.parseLong(a.body().get("number").asText().substring(5)));
    }
}
