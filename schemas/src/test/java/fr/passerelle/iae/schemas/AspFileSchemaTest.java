package fr.passerelle.iae.schemas;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.function.Consumer;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;

/** The JSON Schemas of the ASP fiches salarié files (PARTNERS §1.3–1.7) against the contract's sample files. */
class AspFileSchemaTest {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String UPLOAD = "asp/RIAE_FS_20250305095500.json";
    private static final String RETURN = "asp/RIAE_FS_20250305095500_FichierRetour.json";

    @Test
    void the_sample_upload_file_is_valid() throws IOException {
        assertThat(AspFileSchema.violations(bytes(UPLOAD))).isEmpty();
    }

    @Test
    void the_sample_return_file_is_valid_against_the_return_schema_only() throws IOException {
        assertThat(AspFileSchema.returnFileViolations(bytes(RETURN))).isEmpty();
        // an upload line carries no code, a returned line must carry one
        assertThat(AspFileSchema.violations(bytes(RETURN)))
                .anyMatch(m -> m.startsWith("$.lignesTelechargement[0].codeTraitement"));
        assertThat(AspFileSchema.returnFileViolations(bytes(UPLOAD)))
                .anyMatch(m -> m.startsWith("$.lignesTelechargement[0].codeTraitement"));
    }

    @Test
    void each_line_of_the_sample_is_valid_alone() throws IOException {
        for (JsonNode line : tree(UPLOAD).get("lignesTelechargement")) {
            assertThat(AspFileSchema.lineViolations(line)).isEmpty();
        }
    }

    @Test
    void a_missing_field_is_named() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line.get("adresse")).remove("codepostalcedex")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].adresse").contains("codepostalcedex");
    }

    @Test
    void an_extra_field_is_named() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line.get("personnePhysique")).put("telephone", "0600000000")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].personnePhysique").contains("telephone");
        ObjectNode file = tree(UPLOAD);
        file.put("version", 2);
        assertThat(AspFileSchema.violations(JSON.writeValueAsBytes(file))).singleElement().asString().contains("version");
    }

    @Test
    void a_date_not_written_dd_MM_yyyy_is_refused() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line.get("personnePhysique")).put("dateNaissance", "1990-04-12")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].personnePhysique.dateNaissance");
    }

    @Test
    void an_unknown_measure_or_code_is_refused() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line).put("mesure", "GEIQ_DC")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].mesure");
        assertThat(mutated(line -> ((ObjectNode) line.get("adresse")).put("codetypevoie", "AVENUE")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].adresse.codetypevoie");
        assertThat(mutated(line -> ((ObjectNode) line.get("situationSalarie")).put("orienteur", "24")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].situationSalarie.orienteur");
        assertThat(mutated(line -> ((ObjectNode) line.get("situationSalarie")).put("salarieBenefRSA", "OUI")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].situationSalarie.salarieBenefRSA");
    }

    @Test
    void identifiers_have_their_formats() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line).put("siret", "4419876580001")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].siret");
        assertThat(mutated(line -> ((ObjectNode) line.get("personnePhysique")).put("passIae", "99999 00 12345")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].personnePhysique.passIae");
        assertThat(mutated(line -> ((ObjectNode) line.get("personnePhysique")).put("idItou", "7062F60D6D8D1EFE5A95EEF5970F98")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].personnePhysique.idItou");
        assertThat(mutated(line -> ((ObjectNode) line.get("adresse")).put("adrCpltDistribution", "BÂT. C")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].adresse.adrCpltDistribution");
    }

    @Test
    void a_creation_needs_the_NIR_an_update_notification_may_lack_it() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line.get("personnePhysique")).putNull("salarieNIR")))
                .isNotEmpty().allMatch(m -> m.startsWith("$.lignesTelechargement[0].personnePhysique.salarieNIR"));
        ObjectNode file = tree(UPLOAD);
        for (JsonNode line : file.get("lignesTelechargement")) {
            ((ObjectNode) line).put("typeMouvement", "M");
        }
        ((ObjectNode) file.get("lignesTelechargement").get(0).get("personnePhysique")).putNull("salarieNIR");
        assertThat(AspFileSchema.violations(JSON.writeValueAsBytes(file))).isEmpty();
    }

    @Test
    void EITI_only_fields_are_null_for_other_measures() throws IOException {
        assertThat(mutated(line -> ((ObjectNode) line.get("situationSalarie")).put("cotisationsTI", "06")))
                .singleElement().asString().startsWith("$.lignesTelechargement[0].situationSalarie.cotisationsTI");
    }

    @Test
    void more_than_700_lines_or_none_are_refused() throws IOException {
        ObjectNode file = tree(UPLOAD);
        ArrayNode lines = (ArrayNode) file.get("lignesTelechargement");
        JsonNode first = lines.get(0);
        lines.removeAll();
        for (int i = 1; i <= 701; i++) {
            lines.add(((ObjectNode) first.deepCopy()).put("numLigne", Math.min(i, 700)));
        }
        assertThat(AspFileSchema.violations(JSON.writeValueAsBytes(file)))
                .singleElement().asString().startsWith("$.lignesTelechargement").contains("700");
        lines.removeAll();
        assertThat(AspFileSchema.violations(JSON.writeValueAsBytes(file)))
                .singleElement().asString().startsWith("$.lignesTelechargement");
    }

    @Test
    void a_return_file_without_lines_must_say_why() throws IOException {
        String empty = "{\"msgInformatif\": null, \"telId\": null, \"lignesTelechargement\": []}";
        assertThat(AspFileSchema.returnFileViolations(empty.getBytes())).singleElement().asString().contains("msgInformatif");
        String explained = "{\"msgInformatif\": \"JSON invalide\", \"telId\": null, \"lignesTelechargement\": []}";
        assertThat(AspFileSchema.returnFileViolations(explained.getBytes())).isEmpty();
    }

    @Test
    void invalid_JSON_is_reported_as_such() {
        assertThat(AspFileSchema.violations("{\"msgInformatif\": null, \"lignes".getBytes()))
                .singleElement().asString().startsWith("JSON invalide");
        assertThat(AspFileSchema.violations(new byte[0])).singleElement().asString().startsWith("JSON invalide");
    }

    /** Violations of the sample upload file with its first line changed. */
    private static List<String> mutated(Consumer<JsonNode> change) throws IOException {
        ObjectNode file = tree(UPLOAD);
        change.accept(file.get("lignesTelechargement").get(0));
        return AspFileSchema.violations(JSON.writeValueAsBytes(file));
    }

    private static ObjectNode tree(String resource) throws IOException {
        return (ObjectNode) JSON.readTree(bytes(resource));
    }

    private static byte[] bytes(String resource) throws IOException {
        try (InputStream in = AspFileSchemaTest.class.getClassLoader().getResourceAsStream(resource)) {
            return in.readAllBytes();
        }
    }
}
