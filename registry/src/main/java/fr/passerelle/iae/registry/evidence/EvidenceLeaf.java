package fr.passerelle.iae.registry.evidence;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.TreeMap;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

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

    private static final ObjectMapper JSON = new ObjectMapper();

    /** A file received or sent over SFTP, recorded by the exchange journal. */
    public static EvidenceLeaf file(UUID exchange, String flow, String partner, String direction, String name, String sha256,
                                    long size, Instant at, Answered answers) {
        return new EvidenceLeaf(Unit.FILE, exchange, flow, partner, direction, "sftp", Map.of(), name, sha256, size, at, List.of(),
                null, answers);
    }

    public byte[] bytes() {
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", VERSION);
        leaf.put("unit", unit.name().toLowerCase(Locale.ROOT));
        if (exchange != null) {
            leaf.put("exchange", exchange.toString());
        }
        leaf.put("flow", flow);
        leaf.put("partner", partner);
        leaf.put("direction", direction);
        leaf.put("channel", channel);
        leaf.put("coordinates", new TreeMap<>(coordinates));
        if (name != null) {
            leaf.put("name", name);
        }
        leaf.put("sha256", sha256);
        leaf.put("size", size);
        leaf.put("at", at.toString());
        leaf.put("pass", pass.stream().sorted().distinct().toList());
        if (answer != null) {
            Map<String, Object> answered = new LinkedHashMap<>();
            answered.put("status", answer.status());
            answered.put("sha256", answer.sha256());
            answered.put("size", answer.size());
            leaf.put("answer", answered);
        }
        if (answers != null) {
            Map<String, Object> answered = new LinkedHashMap<>();
            answered.put("exchange", answers.exchange().toString());
            answered.put("sha256", answers.sha256());
            leaf.put("answers", answered);
        }
        try {
            return JSON.writeValueAsBytes(leaf);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always written", e);
        }
    }
}
