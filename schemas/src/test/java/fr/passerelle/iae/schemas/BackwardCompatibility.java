package fr.passerelle.iae.schemas;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.apache.avro.Schema;
import org.apache.avro.SchemaCompatibility;
import org.apache.avro.SchemaCompatibility.Incompatibility;
import org.apache.avro.SchemaCompatibility.SchemaCompatibilityType;

/**
 * BACKWARD compatibility of a schema with its released baseline: a consumer built on the current schema must
 * read every record written with the baseline (records stay on Kafka topics, and outbox rows written before an
 * upgrade are relayed after it).
 *
 * <p>On top of Avro's reader/writer check, no enum symbol may disappear: Avro accepts it when the enum has a
 * default, but old records carrying that symbol would then be read, silently, as the default symbol
 * (a {@code PassMigrated} event read as {@code PassIssued}).
 */
final class BackwardCompatibility {

    private BackwardCompatibility() {
    }

    /** Empty when {@code current} can read data written with {@code baseline}; otherwise a readable explanation. */
    static Optional<String> problems(Schema current, Schema baseline) {
        List<String> problems = new ArrayList<>();
        var pair = SchemaCompatibility.checkReaderWriterCompatibility(current, baseline);
        if (pair.getType() != SchemaCompatibilityType.COMPATIBLE) {
            for (Incompatibility i : pair.getResult().getIncompatibilities()) {
                problems.add(i.getType() + " at " + i.getLocation() + describe(current, i.getLocation()) + ": " + i.getMessage());
            }
        }
        Map<String, Schema> currentEnums = enums(current);
        enums(baseline).forEach((name, oldEnum) -> {
            Schema newEnum = currentEnums.get(name);
            if (newEnum != null) {
                List<String> removed = new ArrayList<>(oldEnum.getEnumSymbols());
                removed.removeAll(newEnum.getEnumSymbols());
                if (!removed.isEmpty()) {
                    problems.add("ENUM_SYMBOL_REMOVED in " + name + ": " + removed + " (records carrying "
                            + (removed.size() == 1 ? "it" : "them") + " would be read as " + newEnum.getEnumDefault() + ")");
                }
            }
        });
        if (problems.isEmpty()) {
            return Optional.empty();
        }
        return Optional.of("Schema " + baseline.getFullName()
                + " is not BACKWARD compatible with its released baseline (src/compat/v1): the current schema cannot"
                + " read data written with the baseline.\n  - " + String.join("\n  - ", problems)
                + "\nAdd new fields with a default; never remove a field without a default, rename a field, change a"
                + " type or remove an enum symbol (see schemas/README.md).");
    }

    /** Names the fields of an Avro incompatibility location such as {@code /fields/3/type}. */
    private static String describe(Schema reader, String location) {
        try {
            String[] segments = location.split("/");
            List<String> names = new ArrayList<>();
            Schema schema = reader;
            for (int i = 1; i < segments.length; i++) {
                String segment = segments[i];
                if (segment.equals("fields") && schema.getType() == Schema.Type.RECORD && i + 1 < segments.length) {
                    Schema.Field field = schema.getFields().get(Integer.parseInt(segments[++i]));
                    names.add(field.name());
                    schema = field.schema();
                } else if (segment.equals("items")) {
                    schema = schema.getElementType();
                } else if (segment.equals("values")) {
                    schema = schema.getValueType();
                } else if (schema.getType() == Schema.Type.UNION && segment.matches("[0-9]+")) {
                    schema = schema.getTypes().get(Integer.parseInt(segment));
                }
            }
            return names.isEmpty() ? "" : " (field " + String.join(".", names) + ")";
        } catch (RuntimeException e) {
            return "";
        }
    }

    private static Map<String, Schema> enums(Schema schema) {
        Map<String, Schema> found = new LinkedHashMap<>();
        collectEnums(schema, found, new HashSet<>());
        return found;
    }

    private static void collectEnums(Schema schema, Map<String, Schema> found, Set<String> visitedRecords) {
        switch (schema.getType()) {
            case ENUM -> found.putIfAbsent(schema.getFullName(), schema);
            case RECORD -> {
                if (visitedRecords.add(schema.getFullName())) {
                    schema.getFields().forEach(f -> collectEnums(f.schema(), found, visitedRecords));
                }
            }
            case UNION -> schema.getTypes().forEach(t -> collectEnums(t, found, visitedRecords));
            case ARRAY -> collectEnums(schema.getElementType(), found, visitedRecords);
            case MAP -> collectEnums(schema.getValueType(), found, visitedRecords);
            default -> {
            }
        }
    }
}
