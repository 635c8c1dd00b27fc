package fr.passerelle.iae.registry.evidence;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * The leaf of one unit exchanged with a partner, as the Merkle tree hashes it: a versioned JSON object whose members
 * come in a fixed order, so that the same unit always gives the same bytes. It names the unit (its journal entry,
 * flow, partner, direction and name) and the exact bytes exchanged (their SHA-256 and size); no personal data.
 */
public record EvidenceLeaf(UUID exchange, String flow, String partner, String direction, String name, String sha256, long size,
                           Instant at) {

    /** The version of the leaf's layout; a new member or meaning is a new version, never a change of this one. */
    public static final int VERSION = 1;

    private static final ObjectMapper JSON = new ObjectMapper();

    public byte[] bytes() {
        Map<String, Object> leaf = new LinkedHashMap<>();
        leaf.put("v", VERSION);
        leaf.put("exchange", exchange.toString());
        leaf.put("flow", flow);
        leaf.put("partner", partner);
        leaf.put("direction", direction);
        leaf.put("name", name);
        leaf.put("sha256", sha256);
        leaf.put("size", size);
        leaf.put("at", at.toString());
        try {
            return JSON.writeValueAsBytes(leaf);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("a map of strings and numbers is always written", e);
        }
    }
}
