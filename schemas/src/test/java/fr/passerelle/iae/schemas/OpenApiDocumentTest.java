package fr.passerelle.iae.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.swagger.v3.parser.OpenAPIV3Parser;
import io.swagger.v3.parser.core.models.ParseOptions;
import io.swagger.v3.parser.core.models.SwaggerParseResult;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The OpenAPI document served at {@code /api/v1/openapi.json} describes the public contract of
 * {@code shared/spec/API.md}: the lists below are copied from it (paths, methods, error codes, enums, fields).
 */
class OpenApiDocumentTest {

    /** Where the hub reads the document from. */
    static final String RESOURCE = "openapi/passerelle-iae.json";

    /** Every path of API.md with its methods. */
    static final Map<String, Set<String>> CONTRACT_PATHS = new LinkedHashMap<>();

    static {
        CONTRACT_PATHS.put("/api/v1/passes", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/passes/{number}", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/passes/search", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/passes/{number}/suspensions", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/passes/{number}/suspensions/{id}/end", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/passes/{number}/prolongations", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/passes/{number}/cancellation", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/employers/{siret}", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/hires", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/fiches-salarie/{id}", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/flows", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/exchanges", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/exchanges/{id}/rejects", Set.of("get"));
        // not in API.md: the operations view of incomplete fiches salarié asked for by issue 3 (added, nothing renamed)
        CONTRACT_PATHS.put("/api/v1/ops/fiches-salarie", Set.of("get"));
        // not in API.md either: the SIRENE findings left to a person, asked for by issue 6 ("queued for review in the ops API")
        CONTRACT_PATHS.put("/api/v1/ops/sirene/reviews", Set.of("get"));
        // not in API.md either: hires waiting for their employer's convention before their fiche salarié (FS-01)
        CONTRACT_PATHS.put("/api/v1/ops/hires/waiting-convention", Set.of("get"));
        // not in API.md either: agréments overtaken by another PASS of their person, listed for ops (issue 11, LEG-07)
        CONTRACT_PATHS.put("/api/v1/ops/agrements/overlaps", Set.of("get"));
        // not in API.md either: the evidence journal's ops view and its verification on demand (issue 20)
        CONTRACT_PATHS.put("/api/v1/ops/evidence", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/evidence/verify", Set.of("post"));
        // not in API.md either: the auditor's export of the evidence journal (issue 20)
        CONTRACT_PATHS.put("/api/v1/evidence", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/flows/{flow}/run", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/ops/runs/{runId}", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/dead-letters", Set.of("get"));
        CONTRACT_PATHS.put("/api/v1/ops/dead-letters/{id}/replay", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/ops/dead-letters/{id}/discard", Set.of("post"));
        CONTRACT_PATHS.put("/api/v1/openapi.json", Set.of("get"));
        CONTRACT_PATHS.put("/actuator/health", Set.of("get"));
        CONTRACT_PATHS.put("/actuator/prometheus", Set.of("get"));
    }

    static final List<String> ISSUANCE_REFUSALS = List.of("WAITING_PERIOD", "INSUFFICIENT_CRITERIA",
            "FORBIDDEN_CRITERIA_COMBINATION", "DIAGNOSIS_EXPIRED", "HIRING_DATE_IN_PAST", "HIRING_DATE_TOO_FAR",
            "HIRING_AFTER_PASS_END", "EMPLOYER_NOT_SIAE", "EMPLOYER_INACTIVE", "PERSON_IDENTITY_CONFLICT");
    static final List<String> ISSUANCE_INVALID = List.of("INVALID_NIR", "INVALID_SIRET", "INVALID_FRANCE_TRAVAIL_ID",
            "UNKNOWN_CRITERION", "INVALID_INPUT", "IDEMPOTENCY_KEY_REQUIRED");
    static final List<String> SUSPENSION_REFUSALS = List.of("SUSPENSION_IN_FUTURE", "SUSPENSION_TOO_LONG",
            "SUSPENSION_TOO_OLD", "SUSPENSION_OUTSIDE_PASS", "SUSPENSION_OVERLAP", "NOT_LAST_EMPLOYER",
            "REASON_NOT_ALLOWED_FOR_KIND");
    static final List<String> PROLONGATION_REFUSALS = List.of("PROLONGATION_NOT_AT_END", "PROLONGATION_OUTSIDE_WINDOW",
            "PROLONGATION_TOO_LONG", "PROLONGATION_CAP_REACHED", "PRESCRIBER_VALIDATION_REQUIRED",
            "REASON_NOT_ALLOWED_FOR_KIND");

    /** Every error code named in API.md. */
    static final Set<String> CONTRACT_ERROR_CODES = new TreeSet<>();

    static {
        CONTRACT_ERROR_CODES.addAll(ISSUANCE_REFUSALS);
        CONTRACT_ERROR_CODES.addAll(ISSUANCE_INVALID);
        CONTRACT_ERROR_CODES.addAll(SUSPENSION_REFUSALS);
        CONTRACT_ERROR_CODES.addAll(PROLONGATION_REFUSALS);
        CONTRACT_ERROR_CODES.addAll(List.of("IDEMPOTENCY_KEY_REUSED", "CANCELLATION_NOT_ALLOWED"));
    }

    static final Set<String> SCOPES = Set.of("pass:write", "pass:read", "ops:read", "ops:write", "audit:read");

    private static JsonNode doc;
    private static String text;

    @BeforeAll
    static void load() throws IOException {
        try (InputStream in = OpenApiDocumentTest.class.getClassLoader().getResourceAsStream(RESOURCE)) {
            assertThat(in).as("classpath resource %s", RESOURCE).isNotNull();
            text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        }
        ObjectMapper strict = new ObjectMapper()
                .enable(JsonParser.Feature.STRICT_DUPLICATE_DETECTION)
                .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
        doc = strict.readTree(text);
    }

    @Test
    void is_an_openapi_3_json_document() {
        assertThat(doc.isObject()).isTrue();
        assertThat(doc.path("openapi").asText()).startsWith("3.");
        assertThat(doc.path("info").path("title").asText()).isNotBlank();
    }

    @Test
    void is_valid_against_the_openapi_specification() {
        ParseOptions options = new ParseOptions();
        options.setResolve(false);
        SwaggerParseResult result = new OpenAPIV3Parser().readContents(text, null, options);
        assertThat(result.getOpenAPI()).isNotNull();
        assertThat(result.getMessages()).as("OpenAPI validation messages").isEmpty();
    }

    @Test
    void describes_every_path_of_the_contract_with_its_methods_and_nothing_else() {
        Map<String, Set<String>> documented = new TreeMap<>();
        doc.path("paths").fields().forEachRemaining(path -> {
            Set<String> methods = new TreeSet<>();
            path.getValue().fieldNames().forEachRemaining(name -> {
                if (Set.of("get", "put", "post", "delete", "patch", "head", "options", "trace").contains(name)) {
                    methods.add(name);
                }
            });
            documented.put(path.getKey(), methods);
        });
        assertThat(documented).isEqualTo(new TreeMap<>(CONTRACT_PATHS));
    }

    @Test
    void names_every_error_code_of_the_contract_in_a_code_enum() {
        Set<String> enumerated = new HashSet<>();
        for (JsonNode schema : iterable(doc.at("/components/schemas").elements())) {
            for (JsonNode part : iterable(schema.path("allOf").elements())) {
                part.at("/properties/code/enum").forEach(code -> enumerated.add(code.asText()));
            }
        }
        for (String code : CONTRACT_ERROR_CODES) {
            assertThat(text).as("error code %s in the document", code).contains("\"" + code + "\"");
            assertThat(enumerated).as("error code %s listed in an error `code` enum", code).contains(code);
        }
    }

    @Test
    void lists_the_error_codes_of_each_operation() {
        assertThat(codes("/api/v1/passes", "post", "422")).containsAll(ISSUANCE_REFUSALS);
        assertThat(codes("/api/v1/passes", "post", "400")).containsAll(ISSUANCE_INVALID);
        assertThat(codes("/api/v1/hires", "post", "422")).containsAll(ISSUANCE_REFUSALS);
        assertThat(codes("/api/v1/hires", "post", "400")).containsAll(ISSUANCE_INVALID);
        assertThat(codes("/api/v1/passes/{number}/suspensions", "post", "422")).containsAll(SUSPENSION_REFUSALS);
        assertThat(codes("/api/v1/passes/{number}/prolongations", "post", "422")).containsAll(PROLONGATION_REFUSALS);
        assertThat(codes("/api/v1/passes/{number}/cancellation", "post", "422")).containsExactly("CANCELLATION_NOT_ALLOWED");
        assertThat(codes("/api/v1/employers/{siret}", "get", "400")).containsExactly("INVALID_SIRET");
        forEachOperation((path, method, operation) -> {
            if (method.equals("post") && path.startsWith("/api/v1/")) {
                assertThat(codes(path, method, "409")).as("409 of %s %s", method, path).contains("IDEMPOTENCY_KEY_REUSED");
            }
        });
    }

    @Test
    void every_error_answer_has_the_error_body() {
        JsonNode error = doc.at("/components/schemas/Error");
        assertThat(names(error.path("properties").fieldNames())).containsExactly("code", "message", "field", "details");
        assertThat(error.path("properties").path("field").path("nullable").asBoolean()).isTrue();
        forEachOperation((path, method, operation) -> operation.path("responses").fields().forEachRemaining(response -> {
            if (response.getKey().startsWith("4")) {
                JsonNode schema = resolve(resolve(response.getValue()).at("/content/application~1json/schema"));
                assertThat(isOrExtendsError(schema)).as("%s answer of %s %s uses the error body", response.getKey(), method, path).isTrue();
            }
        }));
    }

    @Test
    void api_operations_need_a_bearer_key_and_name_their_scope() {
        JsonNode scheme = doc.at("/components/securitySchemes/bearerAuth");
        assertThat(scheme.path("type").asText()).isEqualTo("http");
        assertThat(scheme.path("scheme").asText()).isEqualTo("bearer");
        for (String scope : SCOPES) {
            assertThat(scheme.path("description").asText()).contains(scope);
        }
        forEachOperation((path, method, operation) -> {
            if (!path.startsWith("/api/v1/") || path.equals("/api/v1/openapi.json")) {
                return;
            }
            String scope = operation.path("x-required-scope").asText();
            assertThat(SCOPES).as("scope of %s %s", method, path).contains(scope);
            assertThat(operation.path("description").asText()).contains("`" + scope + "`");
            assertThat(operation.path("security").toString()).isEqualTo("[{\"bearerAuth\":[]}]");
            assertThat(names(operation.path("responses").fieldNames())).as("answers of %s %s", method, path).contains("401", "403");
            String expectedFamily = path.startsWith("/api/v1/ops/") ? "ops:" : path.startsWith("/api/v1/evidence") ? "audit:" : "pass:";
            assertThat(scope).startsWith(expectedFamily);
            assertThat(scope).endsWith(method.equals("get") || path.equals("/api/v1/passes/search") ? ":read" : ":write");
        });
    }

    @Test
    void every_post_takes_an_idempotency_key_of_1_to_100_printable_ascii_characters() {
        forEachOperation((path, method, operation) -> {
            if (!method.equals("post")) {
                return;
            }
            JsonNode key = null;
            for (JsonNode parameter : operation.path("parameters")) {
                JsonNode resolved = resolve(parameter);
                if (resolved.path("in").asText().equals("header") && resolved.path("name").asText().equals("Idempotency-Key")) {
                    key = resolved;
                }
            }
            assertThat(key).as("Idempotency-Key header of POST %s", path).isNotNull();
            // only the search is not a mutating call: there the key is accepted, not required
            assertThat(key.path("required").asBoolean()).as("key required on POST %s", path).isEqualTo(!path.equals("/api/v1/passes/search"));
            JsonNode schema = key.path("schema");
            assertThat(schema.path("minLength").asInt()).isEqualTo(1);
            assertThat(schema.path("maxLength").asInt()).isEqualTo(100);
            assertThat("a-Key_1 ~!").matches(schema.path("pattern").asText());
            assertThat("é").doesNotMatch(schema.path("pattern").asText());
            assertThat("\t").doesNotMatch(schema.path("pattern").asText());
        });
    }

    @Test
    void requests_with_a_body_are_closed_json_objects_answered_413_and_415() {
        forEachOperation((path, method, operation) -> {
            if (!operation.has("requestBody")) {
                return;
            }
            JsonNode schema = operation.at("/requestBody/content/application~1json/schema");
            assertThat(schema.isMissingNode()).as("JSON body of %s %s", method, path).isFalse();
            assertClosed(schema, method + " " + path, new HashSet<>());
            assertThat(names(operation.path("responses").fieldNames())).as("answers of %s %s", method, path).contains("413", "415");
        });
    }

    @Test
    void issuance_answers_201_for_a_new_pass_and_200_for_a_reused_one() {
        for (String path : List.of("/api/v1/passes", "/api/v1/hires")) {
            JsonNode responses = doc.at("/paths/" + path.replace("/", "~1") + "/post/responses");
            assertThat(responses.has("201")).as("201 of %s", path).isTrue();
            assertThat(responses.has("200")).as("200 of %s", path).isTrue();
        }
        assertThat(enumOf("/components/schemas/PassIssuance/properties/decision")).containsExactly("ISSUED", "REUSED");
        assertThat(names(resolve(doc.at("/components/schemas/HireAnswer/allOf/1")).path("properties").fieldNames()))
                .contains("ficheSalarie");
        assertThat(names(doc.at("/components/schemas/FicheSalarieSummary/properties").fieldNames()))
                .containsExactly("id", "status", "missing");
        assertThat(enumOf("/components/schemas/FicheSalarieSummary/properties/status")).containsExactly("NEW", "READY");
    }

    @Test
    void running_a_flow_now_answers_202_with_the_location_of_its_run() {
        JsonNode responses = doc.at("/paths/~1api~1v1~1ops~1flows~1{flow}~1run/post/responses");
        assertThat(names(responses.fieldNames())).contains("202").doesNotContain("200");
        assertThat(responses.at("/202/headers/Location").isMissingNode()).isFalse();
        assertThat(responses.at("/202/content/application~1json/schema/$ref").asText()).isEqualTo("#/components/schemas/FlowRun");
        assertThat(doc.at("/paths/~1api~1v1~1ops~1runs~1{runId}/get/responses/200/content/application~1json/schema/$ref").asText())
                .isEqualTo("#/components/schemas/FlowRun");
    }

    @Test
    void uses_the_enums_of_the_contract() {
        assertThat(enumOf("/components/schemas/PassStatus")).containsExactlyInAnyOrder("VALID", "FUTURE", "SUSPENDED", "EXPIRED", "CANCELLED");
        assertThat(enumOf("/components/schemas/Pass/properties/origin")).containsExactlyInAnyOrder("ISSUED", "MIGRATED_AGREMENT");
        assertThat(enumOf("/components/schemas/FranceTravailNotification/properties/status"))
                .containsExactlyInAnyOrder("PENDING", "READY", "SUCCESS", "ERROR", "SHOULD_RETRY");
        assertThat(enumOf("/components/schemas/SuspensionReasonForRequest")).containsExactlyInAnyOrder(
                "CONTRACT_SUSPENDED", "CONTRACT_BROKEN", "FINISHED_CONTRACT", "APPROVAL_BETWEEN_CTA_MEMBERS", "CONTRAT_PASSERELLE");
        assertThat(enumOf("/components/schemas/SuspensionReason")).containsAll(enumOf("/components/schemas/SuspensionReasonForRequest"));
        assertThat(enumOf("/components/schemas/ProlongationReasonForRequest")).containsExactlyInAnyOrder(
                "SENIOR_CDI", "COMPLETE_TRAINING", "RQTH", "SENIOR", "PARTICULAR_DIFFICULTIES");
        assertThat(enumOf("/components/schemas/ProlongationReason")).containsAll(enumOf("/components/schemas/ProlongationReasonForRequest"));
        assertThat(enumOf("/components/schemas/Eligibility/properties/author")).containsExactlyInAnyOrder("AUTHORIZED_PRESCRIBER", "EMPLOYER");
        assertThat(enumOf("/components/schemas/Origin/properties/sender")).containsExactlyInAnyOrder("JOB_SEEKER", "PRESCRIBER", "EMPLOYER");
        assertThat(enumOf("/components/schemas/Employer/properties/status"))
                .containsExactlyInAnyOrder("ACTIVE", "GRACE", "INACTIVE", "UNVERIFIED", "CLOSED");
        assertThat(enumOf("/components/schemas/Employer/properties/sirene/properties/state"))
                .containsExactlyInAnyOrder("A", "F", "UNKNOWN", "UNCHECKED");
        assertThat(enumOf("/components/schemas/Employer/properties/sirene/properties/diffusion")).containsExactlyInAnyOrder("O", "P", "N");
        assertThat(enumOf("/components/schemas/FicheSalarieStatus"))
                .containsExactlyInAnyOrder("NEW", "READY", "SENT", "PROCESSED", "REJECTED", "DISABLED", "ARCHIVED");
        assertThat(enumOf("/components/schemas/FlowStatus/properties/state")).containsExactlyInAnyOrder("UP", "DEGRADED", "DOWN");
        assertThat(enumOf("/components/schemas/FlowRun/properties/state")).containsExactlyInAnyOrder("RUNNING", "DONE", "FAILED");
        assertThat(enumOf("/components/schemas/FlowId")).containsExactlyInAnyOrder("pass-api", "pass-commands", "hires",
                "asp-upload", "asp-returns", "conventions", "ft-agrements", "ft-notifications", "ft-pass-file",
                "sirene-verification", "sirene-stock", "event-relay");
        assertThat(enumOf("/components/schemas/Cancellation/properties/status")).containsExactly("CANCELLED");
    }

    @Test
    void uses_the_field_names_of_the_contract() {
        Map<String, List<String>> fields = new LinkedHashMap<>();
        fields.put("/components/schemas/PassIssuanceRequest", List.of("person", "employer", "hiringStartDate", "eligibility", "origin"));
        fields.put("/components/schemas/HireRequest", List.of("person", "employer", "hiringStartDate", "eligibility", "origin", "employee"));
        fields.put("/components/schemas/Person", List.of("nir", "franceTravailId", "title", "lastName", "firstName", "birthDate"));
        fields.put("/components/schemas/EmployerRef", List.of("siret", "kind"));
        fields.put("/components/schemas/Eligibility", List.of("author", "prescriberKind", "criteria", "diagnosedOn"));
        fields.put("/components/schemas/Origin", List.of("sender", "prescriberKind", "prescriberAuthorized"));
        fields.put("/components/schemas/PassIssuance", List.of("number", "startDate", "endDate", "status", "decision", "personId"));
        fields.put("/components/schemas/Pass", List.of("number", "startDate", "endDate", "status", "origin", "personId",
                "employer", "suspensions", "prolongations", "notifications", "history"));
        fields.put("/components/schemas/Pass/properties/employer", List.of("siret", "kind"));
        fields.put("/components/schemas/Pass/properties/notifications", List.of("franceTravail"));
        fields.put("/components/schemas/Pass/properties/history/items", List.of("at", "event"));
        fields.put("/components/schemas/Suspension", List.of("id", "startDate", "endDate", "reason"));
        fields.put("/components/schemas/Prolongation", List.of("id", "startDate", "endDate", "reason", "validatedBy"));
        fields.put("/components/schemas/FranceTravailNotification", List.of("status", "exitCode", "at"));
        fields.put("/components/schemas/PassSearchRequest", List.of("nir", "franceTravailId", "birthDate"));
        fields.put("/components/schemas/PassSearchResult", List.of("passes"));
        fields.put("/components/schemas/SuspensionRequest", List.of("startDate", "endDate", "reason", "siret"));
        fields.put("/components/schemas/SuspensionEndRequest", List.of("endDate"));
        fields.put("/components/schemas/ProlongationRequest", List.of("endDate", "reason", "siret", "validatedBy"));
        fields.put("/components/schemas/PrescriberValidation", List.of("prescriberKind", "organizationSiret"));
        fields.put("/components/schemas/CancellationRequest", List.of("siret", "reason"));
        fields.put("/components/schemas/Cancellation", List.of("number", "status"));
        fields.put("/components/schemas/Employer", List.of("siret", "name", "status", "aspId", "kinds", "conventions",
                "sirene", "successor", "previousSirets"));
        fields.put("/components/schemas/Employer/properties/conventions/items", List.of("kind", "active", "deactivatedAt", "annexes"));
        fields.put("/components/schemas/Employer/properties/conventions/items/properties/annexes/items",
                List.of("number", "startDate", "endDate", "state"));
        fields.put("/components/schemas/Employer/properties/sirene", List.of("state", "diffusion", "checkedAt"));
        fields.put("/components/schemas/Employer/properties/successor", List.of("siret", "date"));
        fields.put("/components/schemas/Employee", List.of("birthPlace", "adresse", "situationSalarie"));
        fields.put("/components/schemas/BirthPlace", List.of("countryInseeCode", "communeInseeCode"));
        fields.put("/components/schemas/EmployeeAddress", List.of("adrNumeroVoie", "codeextensionvoie", "codetypevoie",
                "adrLibelleVoie", "adrCpltDistribution", "codeinseecom", "codepostalcedex"));
        fields.put("/components/schemas/EmployeeSituation", List.of("niveauFormation", "salarieEnEmploi",
                "salarieSansEmploiDepuis", "salarieSansRessource", "inscritPoleEmploiDepuis", "salarieRQTH", "salarieOETH",
                "salarieBenefRSA", "salarieBenefRSADepuis", "salarieBenefASS", "salarieBenefAAH", "salarieSortantASE",
                "salarieParentIsole", "salarieHebergement", "salarieRefugie", "salarieSortantDetention", "salarieMobilite",
                "lowFrenchLevel"));
        fields.put("/components/schemas/FicheSalarie", List.of("id", "passNumber", "siret", "measure", "status", "missing",
                "aspFile", "aspLine", "aspCode", "aspLabel", "history"));
        fields.put("/components/schemas/FicheSalarie/properties/history/items", List.of("at", "status"));
        fields.put("/components/schemas/FlowStatus", List.of("flow", "state", "lastSuccessAt", "lastError", "processed",
                "rejected", "backlog", "circuitBreaker"));
        fields.put("/components/schemas/Exchange", List.of("id", "partner", "direction", "name", "sha256", "size",
                "receivedAt", "status", "counts"));
        fields.put("/components/schemas/ExchangeCounts", List.of("received", "applied", "unchanged", "rejected"));
        fields.put("/components/schemas/FlowRun", List.of("runId", "flow", "state", "startedAt", "finishedAt", "counts", "error"));
        fields.forEach((pointer, expected) -> {
            JsonNode schema = doc.at(pointer);
            assertThat(schema.isMissingNode()).as(pointer).isFalse();
            assertThat(names(schema.path("properties").fieldNames())).as("fields of %s", pointer).containsAll(expected);
        });
        // the fields the hub fills itself are not accepted from the caller (API.md, hires)
        assertThat(names(doc.at("/components/schemas/EmployeeAddress/properties").fieldNames()))
                .doesNotContain("adrTelephone", "adrMail");
        assertThat(names(doc.at("/components/schemas/EmployeeSituation/properties").fieldNames()))
                .doesNotContain("orienteur", "salarieTypeEmployeur", "inscritPoleEmploi", "numeroIDE", "salarieAideSociale",
                        "salarieBenefATA", "salarieBenefATADepuis", "salarieLangueFrancaise");
    }

    @Test
    void every_reference_resolves() {
        List<String> dangling = new ArrayList<>();
        collectRefs(doc, dangling);
        assertThat(dangling).as("$ref without target").isEmpty();
    }

    // ---------------------------------------------------------------- helpers

    interface OperationVisitor {
        void visit(String path, String method, JsonNode operation);
    }

    private static void forEachOperation(OperationVisitor visitor) {
        doc.path("paths").fields().forEachRemaining(path -> path.getValue().fields().forEachRemaining(method -> {
            if (!method.getKey().equals("parameters")) {
                visitor.visit(path.getKey(), method.getKey(), method.getValue());
            }
        }));
    }

    /** The error codes an operation lists for a status: the `code` enum of the answer's schema. */
    private static List<String> codes(String path, String method, String status) {
        JsonNode response = resolve(doc.at("/paths/" + path.replace("/", "~1") + "/" + method + "/responses/" + status));
        assertThat(response.isMissingNode()).as("%s answer of %s %s", status, method, path).isFalse();
        JsonNode schema = resolve(response.at("/content/application~1json/schema"));
        List<String> codes = new ArrayList<>();
        for (JsonNode part : schema.path("allOf")) {
            resolve(part).at("/properties/code/enum").forEach(code -> codes.add(code.asText()));
        }
        return codes;
    }

    private static boolean isOrExtendsError(JsonNode schema) {
        if (schema == doc.at("/components/schemas/Error")) {
            return true;
        }
        for (JsonNode part : schema.path("allOf")) {
            if (part.path("$ref").asText().equals("#/components/schemas/Error")) {
                return true;
            }
        }
        return false;
    }

    private static List<String> enumOf(String pointer) {
        JsonNode schema = resolve(doc.at(pointer));
        assertThat(schema.has("enum")).as("enum at %s", pointer).isTrue();
        List<String> values = new ArrayList<>();
        schema.path("enum").forEach(value -> {
            if (!value.isNull()) {
                values.add(value.asText());
            }
        });
        return values;
    }

    /** Every object schema reachable from a request body refuses unknown fields. */
    private static void assertClosed(JsonNode schema, String where, Set<String> seen) {
        String ref = schema.path("$ref").asText(null);
        if (ref != null) {
            if (seen.add(ref)) {
                assertClosed(resolve(schema), where + " → " + ref, seen);
            }
            return;
        }
        for (JsonNode part : schema.path("allOf")) {
            assertClosed(part, where, seen);
        }
        if (schema.has("items")) {
            assertClosed(schema.path("items"), where, seen);
        }
        if (schema.has("properties")) {
            assertThat(schema.path("additionalProperties").isBoolean() && !schema.path("additionalProperties").asBoolean())
                    .as("additionalProperties false in %s", where).isTrue();
            schema.path("properties").fields().forEachRemaining(p -> assertClosed(p.getValue(), where + "." + p.getKey(), seen));
        }
    }

    private static JsonNode resolve(JsonNode node) {
        JsonNode current = node;
        for (int i = 0; i < 10 && current.has("$ref"); i++) {
            current = doc.at(current.path("$ref").asText().substring(1));
        }
        return current;
    }

    private static void collectRefs(JsonNode node, List<String> dangling) {
        if (node.isObject()) {
            JsonNode ref = node.get("$ref");
            if (ref != null && (!ref.asText().startsWith("#/") || doc.at(ref.asText().substring(1)).isMissingNode())) {
                dangling.add(ref.asText());
            }
            node.elements().forEachRemaining(child -> collectRefs(child, dangling));
        } else if (node.isArray()) {
            node.forEach(child -> collectRefs(child, dangling));
        }
    }

    private static List<String> names(Iterator<String> names) {
        List<String> list = new ArrayList<>();
        names.forEachRemaining(list::add);
        return list;
    }

    private static <T> Iterable<T> iterable(Iterator<T> iterator) {
        return () -> iterator;
    }
}
