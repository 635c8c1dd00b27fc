package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.HashMap;
import java.util.Map;
import java.util.UUID;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.routes.HubTestSupport;

class PassApiTest extends HubTestSupport {

    @Test
    void PASS_24_same_key_replays_the_first_answer_and_another_key_for_the_same_hire_reuses_the_pass() {
        String key = fullKey();
        String body = toJson(PassFixtures.newHire(today()));
        String idem = UUID.randomUUID().toString();

        Answer first = post("/api/v1/passes", key, idem, body);
        Answer replay = post("/api/v1/passes", key, idem, body);
        Answer otherKey = post("/api/v1/passes", key, UUID.randomUUID().toString(), body);

        assertThat(first.status()).isEqualTo(201);
        assertThat(first.body().get("decision").asText()).isEqualTo("ISSUED");
        assertThat(first.body().get("number").asText()).matches("XXXXX[0-9]{7}");
        assertThat(first.body().get("status").asText()).isEqualTo("FUTURE");
        assertThat(first.body().get("endDate").asText())
                .isEqualTo(today().plusDays(7).plusDays(729).toString());
        assertThat(replay.status()).isEqualTo(201);
        assertThat(replay.raw()).isEqualTo(first.raw());
        assertThat(otherKey.status()).isEqualTo(200);
        assertThat(otherKey.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(otherKey.body().get("number").asText()).isEqualTo(first.body().get("number").asText());
    }

    @Test
    void same_key_with_another_body_is_a_conflict() {
        String key = fullKey();
        String idem = UUID.randomUUID().toString();
        post("/api/v1/passes", key, idem, toJson(PassFixtures.newHire(today())));

        Answer other = post("/api/v1/passes", key, idem, toJson(PassFixtures.newHire(today())));

        assertThat(other.status()).isEqualTo(409);
        assertThat(other.body().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REUSED");
    }

    @Test
    void GET_shows_the_pass_with_or_without_spaces_and_404_for_an_unknown_number() {
        String key = fullKey();
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())));
        String number = issued.body().get("number").asText();
        String spaced = number.substring(0, 5) + " " + number.substring(5, 7) + " " + number.substring(7);

        Answer found = get("/api/v1/passes/" + spaced, key);

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("number").asText()).isEqualTo(number);
        assertThat(found.body().get("origin").asText()).isEqualTo("ISSUED");
        assertThat(found.body().get("employer").get("siret").asText()).isEqualTo("73282932000074");
        assertThat(found.body().get("notifications").get("franceTravail").get("status").asText()).isEqualTo("PENDING");
        assertThat(found.body().get("history").get(0).get("event").asText()).isEqualTo("PassIssued");
        assertThat(get("/api/v1/passes/XXXXX9999999", key).status()).isEqualTo(404);
    }

    @Test
    void search_by_nir_finds_the_persons_passes() {
        String key = fullKey();
        Map<String, Object> hire = PassFixtures.newHire(today());
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(hire));
        @SuppressWarnings("unchecked")
        String nir = (String) ((Map<String, Object>) hire.get("person")).get("nir");

        Answer found = post("/api/v1/passes/search", key, null, toJson(Map.of("nir", nir)));
        Answer none = post("/api/v1/passes/search", key, null, toJson(Map.of("nir", PassFixtures.newNir(java.time.LocalDate.of(1990, 4, 1)))));

        assertThat(found.status()).isEqualTo(200);
        assertThat(found.body().get("passes")).hasSize(1);
        assertThat(found.body().get("passes").get(0).get("number").asText()).isEqualTo(issued.body().get("number").asText());
        assertThat(none.body().get("passes")).isEmpty();
    }

    @Test
    void ID_04_invalid_nir_key_is_refused_naming_field_and_rule_and_nothing_is_written() {
        String key = fullKey();
        Map<String, Object> hire = new HashMap<>(PassFixtures.newHire(today()));
        hire.put("person", PassFixtures.person("290043523805129", java.time.LocalDate.of(1990, 4, 15)));

        Answer refused = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(hire));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asText()).isEqualTo("INVALID_NIR");
        assertThat(refused.body().get("field").asText()).isEqualTo("person.nir");
        assertThat(refused.body().get("details").get("rule").asText()).isEqualTo("ID-04");
        assertThat(refused.raw()).doesNotContain("290043523805129");
        Answer search = post("/api/v1/passes/search", key, null, toJson(Map.of("nir", "290043523805128")));
        assertThat(search.body().get("passes")).isEmpty();
    }

    @Test
    void ELIG_03_unknown_criterion_is_refused() {
        Map<String, Object> hire = new HashMap<>(PassFixtures.newHire(today()));
        hire.put("eligibility", Map.of("author", "AUTHORIZED_PRESCRIBER", "criteria", java.util.List.of("RSA", "LOTTERY"),
                "diagnosedOn", today().toString()));

        Answer refused = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(hire));

        assertThat(refused.status()).isEqualTo(400);
        assertThat(refused.body().get("code").asText()).isEqualTo("UNKNOWN_CRITERION");
        assertThat(refused.body().get("field").asText()).startsWith("eligibility.criteria");
    }

    @Test
    void malformed_date_and_unknown_enum_value_name_their_field() {
        Map<String, Object> badDate = new HashMap<>(PassFixtures.newHire(today()));
        badDate.put("hiringStartDate", "01/12/2026");
        Map<String, Object> badKind = new HashMap<>(PassFixtures.newHire(today()));
        badKind.put("employer", Map.of("siret", "73282932000074", "kind", "SCOP"));

        Answer date = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(badDate));
        Answer kind = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(badKind));

        assertThat(date.status()).isEqualTo(400);
        assertThat(date.body().get("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(date.body().get("field").asText()).isEqualTo("hiringStartDate");
        assertThat(kind.status()).isEqualTo(400);
        assertThat(kind.body().get("field").asText()).isEqualTo("employer.kind");
    }

    @Test
    void misspelt_field_and_broken_json_are_refused() {
        Map<String, Object> misspelt = new HashMap<>(PassFixtures.newHire(today()));
        misspelt.put("hiringStartdate", today().toString());

        Answer unknown = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(misspelt));
        Answer broken = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), "{\"person\": ");

        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.body().get("field").asText()).isEqualTo("hiringStartdate");
        assertThat(broken.status()).isEqualTo(400);
        assertThat(broken.body().get("code").asText()).isEqualTo("INVALID_INPUT");
    }

    @Test
    void body_over_64_KB_wrong_content_type_and_missing_idempotency_key() {
        String key = fullKey();
        String huge = "{\"person\": {\"lastName\": \"" + "A".repeat(70 * 1024) + "\"}}";

        Answer tooLarge = post("/api/v1/passes", key, UUID.randomUUID().toString(), huge);
        Answer noKey = post("/api/v1/passes", key, null, toJson(PassFixtures.newHire(today())));
        Answer xml = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/passes"))
                .header("Authorization", "Bearer " + key).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .header("Content-Type", "application/xml")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofString("<pass/>")).build());

        Answer chunked = send(java.net.http.HttpRequest.newBuilder(java.net.URI.create("http://127.0.0.1:" + port + "/api/v1/passes"))
                .header("Authorization", "Bearer " + key).header("Idempotency-Key", "k-" + UUID.randomUUID())
                .header("Content-Type", "application/json")
                .POST(java.net.http.HttpRequest.BodyPublishers.ofInputStream(
                        () -> new java.io.ByteArrayInputStream(huge.getBytes(java.nio.charset.StandardCharsets.UTF_8)))).build());

        assertThat(tooLarge.status()).isEqualTo(413);
        assertThat(chunked.status()).isEqualTo(413);
        assertThat(noKey.status()).isEqualTo(400);
        assertThat(noKey.body().get("code").asText()).isEqualTo("IDEMPOTENCY_KEY_REQUIRED");
        assertThat(xml.status()).isEqualTo(415);
    }

    @Test
    void missing_or_unknown_key_is_401_and_missing_scope_is_403() {
        String body = toJson(PassFixtures.newHire(today()));

        Answer none = post("/api/v1/passes", null, UUID.randomUUID().toString(), body);
        Answer unknown = post("/api/v1/passes", "not-a-key", UUID.randomUUID().toString(), body);
        Answer readOnly = post("/api/v1/passes", keyWith("pass:read"), UUID.randomUUID().toString(), body);

        assertThat(none.status()).isEqualTo(401);
        assertThat(unknown.status()).isEqualTo(401);
        assertThat(readOnly.status()).isEqualTo(403);
        assertThat(readOnly.headers().firstValue("Authorization")).isEmpty();
    }

    @Test
    void openapi_document_is_served() {
        Answer doc = get("/api/v1/openapi.json", null);

        assertThat(doc.status()).isEqualTo(200);
        assertThat(doc.body().get("paths").has("/api/v1/passes")).isTrue();
    }
}
