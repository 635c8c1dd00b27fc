package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.time.Clock;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.core.JsonToken;

import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.registry.Sha256;

/**
 * The leaves of requests: a REST call or a Kafka message that changed the registry, with the hub's answer; a call the
 * hub made to a partner's API, with the partner's answer. Written by the request's own transaction in one statement (the
 * leaf with its request and answer bytes sealed by {@link EvidenceCipher} in its row, the PASS numbers it concerns): no
 * lock, no chain, no remote call on the way. The sealer finds the leaf by the transaction that wrote it.
 */
@Component
public class EvidenceLeaves {

    private static final JsonFactory JSON = new JsonFactory();
    private static final Set<String> NUMBER_FIELDS = Set.of("number", "passNumber", "numPassIAE");

    /**
     * A request as it came.
     *
     * @param direction   IN: a partner's request to the hub; OUT: the hub's call to a partner
     * @param coordinates where it travelled: {@code method} and {@code path}, or {@code topic}, {@code partition} and
     *                    {@code offset}; the {@code request} id that the logs carry and the API {@code client}
     * @param pass        the PASS numbers it names itself (a path's {@code {number}}); those its bodies name are added
     */
    public record Request(String flow, String partner, String direction, String channel, Map<String, String> coordinates, byte[] body, Set<String> pass) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EvidenceCipher cipher;
    private final boolean enabled;

    /** @param enabled false only to measure what the evidence costs (the benchmarks): no leaf is written then */
    public EvidenceLeaves(JdbcClient jdbc, Clock clock, EvidenceCipher cipher,
                          @Value("${passerelle.evidence.enabled:true}") boolean enabled) {
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
        this.enabled = enabled;
    }

    /** Call in the request's transaction: its leaf commits with what it changed, or not at all. */
    public void request(Request request, int status, byte[] answer) {
        if (!enabled) {
            return;
        }
        String requestSha = Sha256.of(request.body());
        String answerSha = Sha256.of(answer);
        Set<String> pass = concerned(request);
        pass.addAll(numbersIn(answer));
        byte[] leaf = new EvidenceLeaf(EvidenceLeaf.Unit.REQUEST, null, request.flow(), request.partner(), request.direction(),
                request.channel(), request.coordinates(), null, requestSha, request.body().length, clock.instant(),
                pass.stream().toList(), new EvidenceLeaf.Answer(status, answerSha, answer.length), null).bytes();
        jdbc.sql("""
                WITH leaf AS (
                    INSERT INTO evidence_leaf (body, leaf_hash, sha256, answer_sha256, body_key_id, request_sealed, answer_sealed)
                    VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id)
                INSERT INTO evidence_leaf_pass (pass_number, leaf_id) SELECT number, leaf.id FROM leaf, unnest(?::varchar[]) number""")
                .params(leaf, MerkleTree.leafHash(leaf), requestSha, answerSha, cipher.keyId(), cipher.seal(request.body()),
                        cipher.seal(answer), pass.toArray(String[]::new))
                .update();
    }

    /**
     * Messages the hub published to partners, each as it was sent (Kafka acknowledged it): a leaf each, with no answer,
     * all written by one statement in the caller's transaction.
     */
    public void published(List<Request> messages) {
        if (!enabled || messages.isEmpty()) {
            return;
        }
        Instant at = clock.instant();
        int n = messages.size();
        byte[][] leaves = new byte[n][];
        byte[][] hashes = new byte[n][];
        String[] sha256s = new String[n];
        byte[][] sealed = new byte[n][];
        String[] pass = new String[n];
        for (int i = 0; i < n; i++) {
            Request message = messages.get(i);
            Set<String> concerned = concerned(message);
            sha256s[i] = Sha256.of(message.body());
            leaves[i] = new EvidenceLeaf(EvidenceLeaf.Unit.MESSAGE, null, message.flow(), message.partner(), message.direction(),
                    message.channel(), message.coordinates(), null, sha256s[i], message.body().length, at,
                    concerned.stream().toList(), null, null).bytes();
            hashes[i] = MerkleTree.leafHash(leaves[i]);
            sealed[i] = cipher.seal(message.body());
            // PASS numbers hold no space: a message's are one text, split again by the statement
            pass[i] = String.join(" ", concerned);
        }
        jdbc.sql("""
                WITH given AS (
                    SELECT * FROM unnest(?::bytea[], ?::bytea[], ?::char(64)[], ?::bytea[], ?::text[]) AS g (body, leaf_hash, sha256, sealed, pass)),
                leaf AS (
                    INSERT INTO evidence_leaf (body, leaf_hash, sha256, body_key_id, request_sealed)
                    SELECT body, leaf_hash, sha256, ?, sealed FROM given RETURNING id, leaf_hash)
                INSERT INTO evidence_leaf_pass (pass_number, leaf_id)
                SELECT number, leaf.id FROM leaf JOIN given USING (leaf_hash), unnest(string_to_array(given.pass, ' ')) number""")
                .params(leaves, hashes, sha256s, sealed, pass, cipher.keyId())
                .update();
    }

    /** The PASS numbers a request or message names: those it was given, and those of its body. */
    private static Set<String> concerned(Request request) {
        Set<String> pass = new TreeSet<>();
        request.pass().stream().filter(PassNumber::isWellFormed).forEach(pass::add);
        pass.addAll(numbersIn(request.body()));
        return pass;
    }

    /**
     * The PASS numbers a body names at its top level: a PASS's {@code number}, a fiche's {@code passNumber} (API.md),
     * France Travail's {@code numPassIAE} (PARTNERS §3.5).
     */
    private static Set<String> numbersIn(byte[] body) {
        // read as a stream of tokens, the nested members skipped: no tree is built for three top-level strings
        Map<String, String> named = new HashMap<>();
        try (JsonParser json = JSON.createParser(body)) {
            if (json.nextToken() != JsonToken.START_OBJECT) {
                return new TreeSet<>();
            }
            while (json.nextToken() == JsonToken.FIELD_NAME) {
                String field = json.currentName();
                if (json.nextToken() == JsonToken.VALUE_STRING && NUMBER_FIELDS.contains(field)) {
                    named.put(field, json.getText());
                } else {
                    named.remove(field);
                    json.skipChildren();
                }
            }
            if (json.currentToken() != JsonToken.END_OBJECT) {
                return new TreeSet<>();
            }
        } catch (IOException notJson) {
            return new TreeSet<>();
        }
        Set<String> numbers = new TreeSet<>();
        named.values().stream().filter(PassNumber::isWellFormed).forEach(numbers::add);
        return numbers;
    }
}
