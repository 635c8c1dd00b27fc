package fr.passerelle.iae.schemas;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assertions.fail;

import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Fails the build on a backward-incompatible change of a published event schema: each released baseline under
 * {@code src/compat/v1} must be readable by the current schema of the same full name in {@code src/main/avro}.
 */
class AvroCompatibilityTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @TestFactory
    Stream<DynamicTest> current_schemas_read_data_written_with_their_released_baseline() {
        List<Path> baselines = AvroSchemaFiles.avscFiles(AvroSchemaFiles.BASELINE_V1);
        assertThat(baselines).as("baselines in %s", AvroSchemaFiles.BASELINE_V1).isNotEmpty();
        Map<String, Schema> current = AvroSchemaFiles.currentSchemasByFullName();
        return baselines.stream().map(file -> DynamicTest.dynamicTest(file.getFileName().toString(), () -> {
            Schema baseline = AvroSchemaFiles.parseAlone(file);
            Schema now = current.get(baseline.getFullName());
            if (now == null) {
                fail("Published schema " + baseline.getFullName() + " (baseline " + file.getFileName()
                        + ") has no current schema in src/main/avro: a released schema cannot be removed or renamed.");
            }
            BackwardCompatibility.problems(now, baseline).ifPresent(message -> fail(message));
        }));
    }

    @Test
    void every_current_schema_has_a_released_baseline() {
        Set<String> baselineNames = AvroSchemaFiles.avscFiles(AvroSchemaFiles.BASELINE_V1).stream()
                .map(AvroSchemaFiles::parseAlone).map(Schema::getFullName).collect(Collectors.toSet());
        Set<String> withoutBaseline = AvroSchemaFiles.currentSchemasByFullName().keySet().stream()
                .filter(name -> !baselineNames.contains(name)).collect(Collectors.toCollection(java.util.TreeSet::new));
        assertThat(withoutBaseline)
                .as("schemas of src/main/avro without a baseline in src/compat/v1: copy a new schema there when it"
                        + " is released (schemas/README.md)")
                .isEmpty();
    }

    @Test
    void baselines_are_named_after_their_record_like_the_current_files() {
        for (Path file : AvroSchemaFiles.avscFiles(AvroSchemaFiles.BASELINE_V1)) {
            Schema schema = AvroSchemaFiles.parseAlone(file);
            assertThat(file.getFileName().toString()).isEqualTo(schema.getName() + ".avsc");
        }
    }

    // ---------------------------------------------------------------- the check itself

    @Test
    void the_check_reports_a_new_field_without_default_as_incompatible() throws Exception {
        Schema baseline = passEventBaseline();
        Schema variant = AvroSchemaFiles.parseAlone(withField(baseline, "{\"name\": \"siren\", \"type\": \"string\"}"));

        Optional<String> problems = BackwardCompatibility.problems(variant, baseline);

        assertThat(problems).isPresent();
        assertThat(problems.get())
                .contains("fr.passerelle.iae.events.PassEvent")
                .contains("READER_FIELD_MISSING_DEFAULT")
                .contains("siren");
    }

    @Test
    void the_check_accepts_a_new_field_with_a_default() throws Exception {
        Schema baseline = passEventBaseline();
        Schema variant = AvroSchemaFiles.parseAlone(
                withField(baseline, "{\"name\": \"siren\", \"type\": [\"null\", \"string\"], \"default\": null}"));

        assertThat(BackwardCompatibility.problems(variant, baseline)).isEmpty();
    }

    @Test
    void the_check_reports_a_removed_enum_symbol_as_incompatible() throws Exception {
        Schema baseline = passEventBaseline();
        ObjectNode json = (ObjectNode) JSON.readTree(baseline.toString());
        for (var field : ((ArrayNode) json.get("fields"))) {
            if ("type".equals(field.get("name").asText())) {
                ArrayNode symbols = (ArrayNode) field.get("type").get("symbols");
                symbols.remove(symbols.size() - 1); // PassMigrated, not the default
            }
        }
        Schema variant = AvroSchemaFiles.parseAlone(JSON.writeValueAsString(json));

        // Avro alone accepts it, because the enum has a default: old PassMigrated events would read as PassIssued
        assertThat(SchemaCompatibility.checkReaderWriterCompatibility(variant, baseline).getType())
                .isEqualTo(SchemaCompatibilityType.COMPATIBLE);
        assertThat(BackwardCompatibility.problems(variant, baseline))
                .hasValueSatisfying(message -> assertThat(message).contains("ENUM_SYMBOL_REMOVED").contains("PassMigrated"));
    }

    @Test
    void the_check_reports_a_changed_field_type_as_incompatible() throws Exception {
        Schema baseline = passEventBaseline();
        ObjectNode json = (ObjectNode) JSON.readTree(baseline.toString());
        for (var field : ((ArrayNode) json.get("fields"))) {
            if ("schemaVersion".equals(field.get("name").asText())) {
                ((ObjectNode) field).put("type", "boolean").put("default", false);
            }
        }
        Schema variant = AvroSchemaFiles.parseAlone(JSON.writeValueAsString(json));

        assertThat(BackwardCompatibility.problems(variant, baseline))
                .hasValueSatisfying(message -> assertThat(message).contains("TYPE_MISMATCH").contains("schemaVersion"));
    }

    private static Schema passEventBaseline() {
        return AvroSchemaFiles.parseAlone(AvroSchemaFiles.BASELINE_V1.resolve("PassEvent.avsc"));
    }

    /** The baseline's JSON with one more field, as a developer would add it to the .avsc file. */
    private static String withField(Schema baseline, String fieldJson) throws Exception {
        ObjectNode json = (ObjectNode) JSON.readTree(AvroSchemaFiles.read(AvroSchemaFiles.BASELINE_V1.resolve(baseline.getName() + ".avsc")));
        ((ArrayNode) json.get("fields")).add(JSON.readTree(fieldJson));
        return JSON.writeValueAsString(json);
    }
}
