package fr.passerelle.iae.schemas;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.stream.Stream;

import org.apache.avro.Schema;

/** The Avro schemas of the module: the current ones and the released baselines. */
final class AvroSchemaFiles {

    /** Surefire runs in the module folder and sets {@code basedir}. */
    static final Path MODULE = Path.of(System.getProperty("basedir", ".")).toAbsolutePath().normalize();
    static final Path CURRENT = MODULE.resolve("src/main/avro");
    static final Path BASELINE_V1 = MODULE.resolve("src/compat/v1");

    private AvroSchemaFiles() {
    }

    static List<Path> avscFiles(Path dir) {
        try (Stream<Path> files = Files.list(dir)) {
            return files.filter(f -> f.getFileName().toString().endsWith(".avsc")).sorted().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot list " + dir, e);
        }
    }

    /**
     * Parses the current schemas together (as the avro-maven-plugin does, so that one file may use a type
     * defined in another) and indexes the top-level schema of each file by full name.
     */
    static Map<String, Schema> currentSchemasByFullName() {
        Schema.Parser parser = new Schema.Parser();
        Map<String, Schema> byName = new LinkedHashMap<>();
        for (Path file : avscFiles(CURRENT)) {
            Schema schema = parse(parser, file);
            byName.put(schema.getFullName(), schema);
        }
        return byName;
    }

    /** A baseline is parsed on its own: its names would clash with the current schemas in one parser. */
    static Schema parseAlone(Path file) {
        return parse(new Schema.Parser(), file);
    }

    static Schema parseAlone(String json) {
        return new Schema.Parser().parse(json);
    }

    static String read(Path file) {
        try {
            return Files.readString(file);
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }

    private static Schema parse(Schema.Parser parser, Path file) {
        try {
            return parser.parse(file.toFile());
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read " + file, e);
        }
    }
}
