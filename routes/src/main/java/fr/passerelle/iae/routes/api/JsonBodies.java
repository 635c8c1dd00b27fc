package fr.passerelle.iae.routes.api;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.StandardCharsets;
import java.util.stream.Collectors;

import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.DeserializationFeature;
import com.fasterxml.jackson.databind.JsonMappingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.cfg.CoercionAction;
import com.fasterxml.jackson.databind.cfg.CoercionInputShape;
import com.fasterxml.jackson.databind.type.LogicalType;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;

/** JSON in and out of the API: request parsing that names the faulty field, answers and error bodies. */
@Component
public class JsonBodies {

    public record ErrorBody(String code, String message, String field, java.util.Map<String, Object> details) {
    }

    private final ObjectMapper json;
    private final ObjectMapper strict;

    public JsonBodies(ObjectMapper json) {
        this.json = json;
        // requests are closed (OpenAPI additionalProperties: false): a misspelt field is named, not ignored; a number
        // or a boolean where the contract says text is a type error, not text
        this.strict = json.copy().enable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES);
        this.strict.coercionConfigFor(LogicalType.Textual)
                .setCoercion(CoercionInputShape.Integer, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Float, CoercionAction.Fail)
                .setCoercion(CoercionInputShape.Boolean, CoercionAction.Fail);
    }

    public <T> T read(byte[] body, Class<T> type) {
        if (body == null || body.length == 0) {
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête est vide.");
        }
        if (!utf8(body)) {
            // RFC 8259 §8.1: JSON exchanged between systems is UTF-8 (Jackson would guess UTF-16 or UTF-32 otherwise)
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête doit être du JSON encodé en UTF-8.");
        }
        try {
            T value = strict.readValue(body, type);
            if (value == null) {
                // the JSON literal null: no object at all
                throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête doit être un objet JSON.");
            }
            return value;
        } catch (JsonMappingException e) {
            String field = e.getPath().stream()
                    .map(ref -> ref.getFieldName() != null ? ref.getFieldName() : "[" + ref.getIndex() + "]")
                    .collect(Collectors.joining(".")).replace(".[", "[");
            throw new ApiError(400, "INVALID_INPUT", field.isEmpty() ? null : field,
                    e instanceof com.fasterxml.jackson.databind.exc.UnrecognizedPropertyException
                            ? "Ce champ n'existe pas dans le contrat de l'API."
                            : "Le champ n'a pas le type attendu (texte, nombre, liste ou objet selon le contrat).");
        } catch (JsonProcessingException e) {
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête n'est pas un JSON valide.");
        } catch (IOException e) {
            throw new ApiError(400, "INVALID_INPUT", null, "Le corps de la requête n'a pas pu être lu.");
        }
    }

    public StoredAnswer answer(int status, Object body) {
        try {
            return new StoredAnswer(status, json.writeValueAsString(body));
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("answer not serialisable: " + body.getClass(), e);
        }
    }

    /** Valid UTF-8 with no NUL byte (JSON text never holds one raw; UTF-16 and UTF-32 always do for ASCII). */
    private static boolean utf8(byte[] body) {
        for (byte b : body) {
            if (b == 0) {
                return false;
            }
        }
        try {
            StandardCharsets.UTF_8.newDecoder().decode(ByteBuffer.wrap(body));
            return true;
        } catch (CharacterCodingException e) {
            return false;
        }
    }

    public StoredAnswer refusal(Rejection rejection) {
        return answer(ErrorStatus.of(rejection.code()), new ErrorBody(rejection.code(), rejection.message(), rejection.field(),
                rejection.rule() == null ? java.util.Map.of() : java.util.Map.of("rule", rejection.rule())));
    }

    public StoredAnswer error(ApiError error) {
        return answer(error.status(), new ErrorBody(error.code(), error.getMessage(), error.field(),
                java.util.Map.of("rule", error.rule())));
    }
}
