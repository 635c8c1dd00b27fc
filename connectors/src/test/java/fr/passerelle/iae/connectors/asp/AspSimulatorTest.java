package fr.passerelle.iae.connectors.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

import fr.passerelle.iae.schemas.AspFileSchema;

/** The ASP simulator on a real folder: PARTNERS §1.3–1.7 rules, derived and injected codes, memory. */
class AspSimulatorTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String SAMPLE = "RIAE_FS_20250305095500.json";
    private static final String LINE_3_PASS = "999990012351";

    @TempDir
    Path home;
    private AspSimulator asp;

    @BeforeEach
    void simulator() {
        asp = new AspSimulator(home, Clock.systemUTC());
    }

    @Test
    void sample_file_comes_back_as_the_sample_return_file_0000_3436_3417() throws IOException {
        // ASP already holds line 2's fiche (PASS 999990011872, SIRET 52311874300013): sent in an earlier file
        ObjectNode earlier = sample();
        ArrayNode lines = (ArrayNode) earlier.get("lignesTelechargement");
        lines.remove(2);
        lines.remove(0);
        ((ObjectNode) lines.get(0)).put("numLigne", 1);
        deposit("RIAE_FS_20250304095500.json", earlier);
        // line 3's residence, Fort-de-France, is known to ASP: its 3417 is injected
        asp.injectCode(LINE_3_PASS, "3417", null);
        deposit(SAMPLE, sample());

        assertThat(asp.processDeposits())
                .containsExactly("RIAE_FS_20250304095500_FichierRetour.json", "RIAE_FS_20250305095500_FichierRetour.json");

        byte[] returned = Files.readAllBytes(home.resolve("retrait/RIAE_FS_20250305095500_FichierRetour.json"));
        assertThat(JSON.readTree(returned)).isEqualTo(JSON.readTree(resource("asp/RIAE_FS_20250305095500_FichierRetour.json")));
        assertThat(AspFileSchema.returnFileViolations(returned)).isEmpty();
        assertThat(codes("RIAE_FS_20250304095500.json")).containsExactly("0000");
        // the deposits left depot/ for ASP's own folder, nothing else is in retrait/
        assertThat(home.resolve("depot")).isEmptyDirectory();
        assertThat(home.resolve(".simulator/traites/" + SAMPLE)).exists();
        try (var files = Files.list(home.resolve("retrait"))) {
            assertThat(files.map(f -> f.getFileName().toString())).containsExactlyInAnyOrder(
                    "RIAE_FS_20250304095500_FichierRetour.json", "RIAE_FS_20250305095500_FichierRetour.json");
        }
    }

    @Test
    void returned_lines_keep_the_uploaded_field_order() throws IOException {
        deposit(SAMPLE, sample());
        asp.processDeposits();
        JsonNode line = returned(SAMPLE).get("lignesTelechargement").get(0);
        List<String> fields = new ArrayList<>();
        line.fieldNames().forEachRemaining(fields::add);
        assertThat(fields).containsExactly("numLigne", "typeMouvement", "siret", "mesure", "personnePhysique", "adresse",
                "situationSalarie", "codeTraitement", "libelleTraitement");
    }

    @Test
    void residence_commune_unknown_to_ASP_is_3417_by_derivation() throws IOException {
        deposit(SAMPLE, sample(lines -> {
            address(lines.get(0)).put("codeinseecom", "97617");
            address(lines.get(1)).put("codeinseecom", "99350");
        }));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsExactly("3417", "3417", "0000");
    }

    @Test
    void a_creation_for_a_PASS_and_SIRET_already_integrated_is_3436_across_files() throws IOException {
        deposit("RIAE_FS_20250305095500.json", sample());
        deposit("RIAE_FS_20250305105500.json", sample());
        asp.processDeposits();
        assertThat(codes("RIAE_FS_20250305095500.json")).containsExactly("0000", "0000", "0000");
        assertThat(codes("RIAE_FS_20250305105500.json")).containsExactly("3436", "3436", "3436");
        assertThat(returned("RIAE_FS_20250305105500.json").get("lignesTelechargement").get(0).get("libelleTraitement").asText())
                .startsWith("Doublon");
        assertThat(asp.integratedCount()).isEqualTo(3);
    }

    @Test
    void the_same_person_in_the_same_structure_under_another_idItou_is_3437() throws IOException {
        deposit("RIAE_FS_20250305095500.json", sample());
        // same person (name, first name, birth date) and SIRET, new PASS number and another ASP id
        deposit("RIAE_FS_20250305105500.json", sample(lines -> {
            person(lines.get(0)).put("passIae", "999990099999").put("idItou", "0123456789abcdef0123456789abcd");
            person(lines.get(1)).put("passIae", "999990099998");
        }));
        asp.processDeposits();
        assertThat(codes("RIAE_FS_20250305105500.json")).containsExactly("3437", "0000", "3436");
    }

    @Test
    void ASP_memory_survives_a_new_simulator() throws IOException {
        deposit("RIAE_FS_20250305095500.json", sample());
        asp.processDeposits();
        asp.close();
        // a crash in the middle of an append leaves a cut line: ignored
        Files.writeString(home.resolve(".simulator/fiches-integrees.jsonl"), "{\"passIae\": \"9999", StandardOpenOption.APPEND);

        AspSimulator restarted = new AspSimulator(home, Clock.systemUTC());
        deposit("RIAE_FS_20250305105500.json", sample());
        deposit("RIAE_FS_20250305115500.json", sample(lines -> person(lines.get(0)).put("passIae", "999990077777")));
        restarted.processDeposits();
        assertThat(codes("RIAE_FS_20250305105500.json")).containsExactly("3436", "3436", "3436");
        assertThat(codes("RIAE_FS_20250305115500.json")).containsExactly("0000", "3436", "3436");
        // what was integrated after the cut line is remembered too
        assertThat(new AspSimulator(home, Clock.systemUTC()).integratedCount()).isEqualTo(4);
        assertThat(home.resolve(".simulator/fiches-integrees.jsonl")).exists();
    }

    @Test
    void line_rules_3330_3411_3308_in_this_order() throws IOException {
        deposit(SAMPLE, sample(lines -> {
            address(lines.get(0)).put("adrLibelleVoie", "DES LILAS (RÉSIDENCE)");
            ((ObjectNode) person(lines.get(1)).get("codeComInsee")).put("codeComInsee", "35238");
            ((ObjectNode) person(lines.get(2)).get("codeComInsee")).put("codeDpt", "020");
        }));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsExactly("3330", "3411", "3308");
    }

    @Test
    void a_schema_violation_is_0012_with_the_field_in_the_label() throws IOException {
        deposit(SAMPLE, sample(lines -> {
            ((ObjectNode) lines.get(0)).put("siret", "4419876580001");
            person(lines.get(1)).put("dateNaissance", "31/02/1985");
            address(lines.get(2)).remove("codepostalcedex");
        }));
        asp.processDeposits();
        JsonNode returned = returned(SAMPLE).get("lignesTelechargement");
        assertThat(codes(SAMPLE)).containsExactly("0012", "0012", "0012");
        assertThat(returned.get(0).get("libelleTraitement").asText()).startsWith("JSON invalide : $.siret");
        assertThat(returned.get(1).get("libelleTraitement").asText()).contains("dateNaissance").contains("inexistante");
        assertThat(returned.get(2).get("libelleTraitement").asText()).contains("codepostalcedex");
        assertThat(returned).allSatisfy(line -> assertThat(line.get("libelleTraitement").asText().length()).isLessThanOrEqualTo(200));
        // a refused line is not integrated
        assertThat(asp.integratedCount()).isZero();
    }

    @Test
    void update_notifications_are_0000_or_3501_without_NIR_and_integrate_nothing() throws IOException {
        deposit(SAMPLE, sample(lines -> {
            for (JsonNode line : lines) {
                ((ObjectNode) line).put("typeMouvement", "M");
            }
            person(lines.get(1)).putNull("salarieNIR");
        }));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsExactly("0000", "3501", "0000");
        assertThat(asp.integratedCount()).isZero();
    }

    @Test
    void mixed_movements_refuse_every_line() throws IOException {
        deposit(SAMPLE, sample(lines -> ((ObjectNode) lines.get(1)).put("typeMouvement", "M")));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsExactly("0012", "0012", "0012");
        assertThat(returned(SAMPLE).get("lignesTelechargement").get(0).get("libelleTraitement").asText()).contains("C et M");
        assertThat(returned(SAMPLE).get("msgInformatif").asText()).contains("C et M");
    }

    @Test
    void line_numbers_not_consecutive_from_1_refuse_every_line() throws IOException {
        deposit(SAMPLE, sample(lines -> ((ObjectNode) lines.get(2)).put("numLigne", 4)));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsOnly("0012");
        assertThat(returned(SAMPLE).get("lignesTelechargement").get(0).get("libelleTraitement").asText()).contains("numLigne");
    }

    @Test
    void a_701_line_file_refuses_every_line() throws IOException {
        deposit(SAMPLE, linesOf(701));
        asp.processDeposits();
        List<String> codes = codes(SAMPLE);
        assertThat(codes).hasSize(701).containsOnly("0012");
        assertThat(returned(SAMPLE).get("lignesTelechargement").get(700).get("libelleTraitement").asText()).contains("700");
        assertThat(asp.integratedCount()).isZero();
    }

    @Test
    void a_700_line_file_is_accepted() throws IOException {
        deposit(SAMPLE, linesOf(700));
        asp.processDeposits();
        assertThat(codes(SAMPLE)).hasSize(700).containsOnly("0000");
    }

    @Test
    void a_file_over_2_MiB_refuses_every_line() throws IOException {
        // whitespace is not significant in JSON, but counts in the 2 097 152 bytes
        byte[] json = JSON.writeValueAsBytes(sample());
        byte[] padded = new byte[json.length + 2_097_152];
        System.arraycopy(json, 0, padded, 0, json.length);
        java.util.Arrays.fill(padded, json.length, padded.length, (byte) ' ');
        Files.write(home.resolve("depot").resolve(SAMPLE), padded);
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsExactly("0012", "0012", "0012");
        assertThat(returned(SAMPLE).get("lignesTelechargement").get(0).get("libelleTraitement").asText()).contains("2097152");
    }

    @Test
    void a_byte_order_mark_refuses_every_line() throws IOException {
        byte[] json = JSON.writeValueAsBytes(sample());
        byte[] withBom = new byte[json.length + 3];
        withBom[0] = (byte) 0xEF;
        withBom[1] = (byte) 0xBB;
        withBom[2] = (byte) 0xBF;
        System.arraycopy(json, 0, withBom, 3, json.length);
        Files.write(home.resolve("depot").resolve(SAMPLE), withBom);
        asp.processDeposits();
        assertThat(codes(SAMPLE)).containsOnly("0012");
        assertThat(returned(SAMPLE).get("msgInformatif").asText()).contains("BOM");
    }

    @Test
    void unparseable_JSON_gets_a_return_file_without_lines_saying_why() throws IOException {
        Path deposit = home.resolve("depot").resolve(SAMPLE);
        Files.writeString(deposit, "{\"msgInformatif\": null, \"telId\": null, \"lignesTelechargement\": [{\"numLigne\": 1,");
        // just written: it may still be being written, so it waits
        assertThat(asp.processDeposits()).isEmpty();
        assertThat(deposit).exists();

        Files.setLastModifiedTime(deposit, FileTime.from(Instant.now().minusSeconds(5)));
        assertThat(asp.processDeposits()).containsExactly("RIAE_FS_20250305095500_FichierRetour.json");
        byte[] returned = Files.readAllBytes(home.resolve("retrait/RIAE_FS_20250305095500_FichierRetour.json"));
        JsonNode answer = JSON.readTree(returned);
        assertThat(answer.get("lignesTelechargement")).isEmpty();
        assertThat(answer.get("msgInformatif").asText()).startsWith("JSON invalide (0012)");
        assertThat(AspFileSchema.returnFileViolations(returned)).isEmpty();
        assertThat(deposit).doesNotExist();
    }

    @Test
    void injected_codes_apply_once_to_the_next_line_of_that_PASS() throws IOException {
        asp.injectCode(LINE_3_PASS, "3435", null);
        asp.injectCodes("999990012345:0012:Refus de test, 999990011872:9999");
        deposit("RIAE_FS_20250305095500.json", sample());
        asp.processDeposits();
        JsonNode lines = returned("RIAE_FS_20250305095500.json").get("lignesTelechargement");
        assertThat(codes("RIAE_FS_20250305095500.json")).containsExactly("0012", "9999", "3435");
        assertThat(lines.get(0).get("libelleTraitement").asText()).isEqualTo("Refus de test");
        assertThat(lines.get(2).get("libelleTraitement").asText()).isEqualTo(AspReturnCode.NO_FINANCIAL_ANNEX.label());
        // once only: sent again, the lines get their derived codes
        deposit("RIAE_FS_20250305105500.json", sample());
        asp.processDeposits();
        assertThat(codes("RIAE_FS_20250305105500.json")).containsExactly("0000", "0000", "0000");

        assertThatThrownBy(() -> asp.injectCodes("999990012345")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> asp.injectCode(LINE_3_PASS, "34", null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void only_deposit_names_of_the_contract_are_taken() throws IOException {
        Path depot = home.resolve("depot");
        for (String other : List.of("RIAE_FS_2025030509550.json", "RIAE_CONV_20250305095500.json",
                "RIAE_FS_20250305095500.json.part", ".RIAE_FS_20250305095500.json")) {
            Files.write(depot.resolve(other), JSON.writeValueAsBytes(sample()));
        }
        assertThat(asp.processDeposits()).isEmpty();
        try (var files = Files.list(depot)) {
            assertThat(files).hasSize(4);
        }
        assertThat(home.resolve("retrait")).isEmptyDirectory();
    }

    @Test
    void background_polling_answers_deposits_by_itself() throws IOException {
        asp.start(java.time.Duration.ofMillis(100));
        asp.start(java.time.Duration.ofMillis(100));
        deposit(SAMPLE, sample());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> Files.exists(home.resolve("retrait/RIAE_FS_20250305095500_FichierRetour.json")));
        asp.close();
        assertThat(codes(SAMPLE)).containsExactly("0000", "0000", "0000");
    }

    // ------------------------------------------------------------------------------------------------------------

    private void deposit(String name, JsonNode file) throws IOException {
        Files.write(home.resolve("depot").resolve(name), JSON.writeValueAsBytes(file));
    }

    private JsonNode returned(String depositName) throws IOException {
        String stem = depositName.substring(0, depositName.length() - ".json".length());
        return JSON.readTree(home.resolve("retrait").resolve(stem + "_FichierRetour.json").toFile());
    }

    private List<String> codes(String depositName) throws IOException {
        List<String> codes = new ArrayList<>();
        returned(depositName).get("lignesTelechargement").forEach(line -> codes.add(line.get("codeTraitement").asText()));
        return codes;
    }

    private static ObjectNode sample() throws IOException {
        return (ObjectNode) JSON.readTree(resource("asp/" + SAMPLE));
    }

    private static ObjectNode sample(Consumer<ArrayNode> change) throws IOException {
        ObjectNode file = sample();
        change.accept((ArrayNode) file.get("lignesTelechargement"));
        return file;
    }

    /** {@code count} creation lines for distinct PASS numbers, numbered 1… */
    private static ObjectNode linesOf(int count) throws IOException {
        ObjectNode file = sample();
        ArrayNode lines = (ArrayNode) file.get("lignesTelechargement");
        JsonNode model = lines.get(0);
        lines.removeAll();
        for (int i = 1; i <= count; i++) {
            ObjectNode line = model.deepCopy();
            line.put("numLigne", i);
            person(line).put("passIae", String.format("99999%07d", i));
            lines.add(line);
        }
        return file;
    }

    private static ObjectNode person(JsonNode line) {
        return (ObjectNode) line.get("personnePhysique");
    }

    private static ObjectNode address(JsonNode line) {
        return (ObjectNode) line.get("adresse");
    }

    static byte[] resource(String name) throws IOException {
        try (InputStream in = AspSimulatorTest.class.getClassLoader().getResourceAsStream(name)) {
            if (in == null) {
                throw new IOException("missing test resource " + name);
            }
            return in.readAllBytes();
        }
    }
}
