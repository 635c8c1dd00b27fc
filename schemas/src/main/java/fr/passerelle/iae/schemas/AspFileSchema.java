package fr.passerelle.iae.schemas;

import java.io.IOException;
import java.util.Comparator;
import java.util.List;
import java.util.Locale;
import java.util.Set;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.networknt.schema.JsonSchema;
import com.networknt.schema.JsonSchemaFactory;
import com.networknt.schema.SchemaLocation;
import com.networknt.schema.SchemaValidatorsConfig;
import com.networknt.schema.SpecVersion;
import com.networknt.schema.ValidationMessage;

/**
 * Checks files of the ASP fiches salarié exchange (PARTNERS §1.3–1.7) against the JSON Schemas on the class path:
 * {@code asp/riae-fs.schema.json} (upload {@code RIAE_FS_<yyyyMMddHHmmss>.json}) and
 * {@code asp/riae-fs-retour.schema.json} (return {@code …_FichierRetour.json}). Messages are French, for operators,
 * and start with the JSON path of the field ({@code $.lignesTelechargement[0].siret: …}); they never quote the
 * value, which may be personal data (NIR, birth date).
 */
public final class AspFileSchema {

    /** Base of the schemas' {@code $id}s, mapped to the class path so that nothing is fetched from the network. */
    private static final String ID_BASE = "https://passerelle-iae.fr/schemas/";
    private static final String UPLOAD = ID_BASE + "asp/riae-fs.schema.json";
    private static final String RETURN = ID_BASE + "asp/riae-fs-retour.schema.json";

    private static final ObjectMapper JSON = new ObjectMapper()
            .enable(DeserializationFeature.FAIL_ON_TRAILING_TOKENS);
    private static final JsonSchemaFactory FACTORY = JsonSchemaFactory.getInstance(SpecVersion.VersionFlag.V202012,
            builder -> builder.schemaMappers(mappers -> mappers.mapPrefix(ID_BASE, "classpath:")));
    private static final SchemaValidatorsConfig CONFIG = SchemaValidatorsConfig.builder()
            .locale(Locale.FRENCH)
            .pathType(com.networknt.schema.PathType.JSON_PATH)
            .build();

    private static final JsonSchema UPLOAD_FILE = FACTORY.getSchema(SchemaLocation.of(UPLOAD), CONFIG);
    private static final JsonSchema UPLOAD_LINE = FACTORY.getSchema(SchemaLocation.of(UPLOAD + "#/$defs/ligneDepot"), CONFIG);
    private static final JsonSchema RETURN_FILE = FACTORY.getSchema(SchemaLocation.of(RETURN), CONFIG);

    private AspFileSchema() {
    }

    /** What is wrong with an upload file, one readable message per violation; empty when it is valid. */
    public static List<String> violations(byte[] json) {
        return check(UPLOAD_FILE, json);
    }

    /** What is wrong with a return file ({@code …_FichierRetour.json}); empty when it is valid. */
    public static List<String> returnFileViolations(byte[] json) {
        return check(RETURN_FILE, json);
    }

    /**
     * What is wrong with one line of an upload file ({@code $defs/ligneDepot}); paths start at the line
     * ({@code $.siret: …}). Used by the ASP simulator, which answers line by line.
     */
    public static List<String> lineViolations(JsonNode line) {
        return messages(UPLOAD_LINE.validate(line));
    }

    private static List<String> check(JsonSchema schema, byte[] json) {
        JsonNode tree;
        try {
            tree = JSON.readTree(json);
        } catch (JsonProcessingException e) {
            return List.of("JSON invalide : " + e.getOriginalMessage() + " (ligne " + e.getLocation().getLineNr()
                    + ", colonne " + e.getLocation().getColumnNr() + ")");
        } catch (IOException e) {
            return List.of("JSON illisible : " + e.getMessage());
        }
        if (tree == null || tree.isMissingNode()) {
            return List.of("JSON invalide : fichier vide");
        }
        return messages(schema.validate(tree));
    }

    private static List<String> messages(Set<ValidationMessage> found) {
        return found.stream()
                .sorted(Comparator.comparing((ValidationMessage m) -> m.getInstanceLocation().toString())
                        .thenComparing(ValidationMessage::getMessage))
                .map(ValidationMessage::getMessage)
                .distinct()
                .toList();
    }
}
