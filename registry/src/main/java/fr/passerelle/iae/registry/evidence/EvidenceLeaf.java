package fr.passerelle.iae.registry.evidence;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;

/**
 * The leaf of one unit exchanged with a partner, as the Merkle tree hashes it: a versioned JSON object whose members
 * come in a fixed order, so that the same unit always gives the same bytes. It names the unit (a file with its journal
 * entry, a request with its answer, or a message the hub published), its flow, partner, direction, channel and transport coordinates, the exact
 * bytes exchanged (their SHA-256 and size) and the PASS numbers concerned; no other personal data.
 *
 * @param exchange    the unit's journal entry; null for a request, which the exchange journal does not record
 * @param coordinates where the unit travelled: the Kafka topic, partition and offset, the HTTP method and path…
 * @param answer      what answered a request; null for a file or a published message
 * @param answers     the unit this one answers (an ASP return file → its upload); null for any other
 */
public record EvidenceLeaf(Unit unit, UUID exchange, String flow, String partner, String direction, String channel,
                           Map<String, String> coordinates, String name, String sha256, long size, Instant at, List<String> pass,
                           Answer answer, Answered answers) {

    /**
     * The version of the leaf's layout; a new member or meaning is a new version, never a change of this one. Version
     * 1 (files only: exchange, flow, partner, direction, name, sha256, size, at) and version 2 (no {@code answers}) are
     * still read by the verifier.
     */
    public static final int VERSION = 3;

    public enum Unit { FILE, REQUEST, MESSAGE }

    /** The answer to a request: its status and the SHA-256 and size of its body as sent. */
    public record Answer(int status, String sha256, long size) {
    }

    /** The unit a file answers, as its own leaf names it: its journal entry and the SHA-256 of its bytes. */
    public record Answered(UUID exchange, String sha256) {
    }

    private static final JsonFactory JSON = new JsonFactory();

    /** A file received or sent over SFTP, recorded by the exchange journal. */
    public static EvidenceLeaf file(UUID exchange, String flow, String partner, String direction, String name, String sha256,
                                    long size, Instant at, Answered answers) {
        return new EvidenceLeaf(Unit.FILE, exchange, flow, partner, direction, "sftp", Map.of(), name, sha256, size, at, List.of(),
                null, answers);
    }

    /** Written member by member, as a generator streams them: no map to build and no serializer to look up per leaf. */
    public byte[] bytes() {
        ByteArrayOutputStream out = new ByteArrayOutputStream(512);
        try (JsonGenerator json = JSON.createGenerator(out)) {
            json.writeStartObject();
            json.writeNumberField("v", VERSION);
            json.writeStringField("unit", unit.name().toLowerCase(Locale.ROOT));
            if (exchange != null) {
                json.writeStringField("exchange", exchange.toString());
            }
            json.writeStringField("flow", flow);
            json.writeStringField("partner", partner);
            json.writeStringField("direction", direction);
            json.writeStringField("channel", channel);
            json.writeObjectFieldStart("coordinates");
            for (Map.Entry<String, String> coordinate : new TreeMap<>(coordinates).entrySet()) {
                json.writeStringField(coordinate.getKey(), coordinate.getValue());
            }
            json.writeEndObject();
            if (name != null) {
                json.writeStringField("name", name);
            }
            json.writeStringField("sha256", sha256);
            json.writeNumberField("size", size);
            json.writeStringField("at", at.toString());
            json.writeArrayFieldStart("pass");
            for (String number : new TreeSet<>(pass)) {
                json.writeString(number);
            }
            json.writeEndArray();
            if (answer != null) {
                json.writeObjectFieldStart("answer");
                json.writeNumberField("status", answer.status());
                json.writeStringField("sha256", answer.sha256());
                json.writeNumberField("size", answer.size());
                json.writeEndObject();
            }
            if (answers != null) {
                json.writeObjectFieldStart("answers");
                json.writeStringField("exchange", answers.exchange().toString());
                json.writeStringField("sha256", answers.sha256());
                json.writeEndObject();
            }
            json.writeEndObject();
        } catch (IOException e) {
            throw new UncheckedIOException("writing to memory does not fail", e);
        }
        return out.toByteArray();
    }
}
