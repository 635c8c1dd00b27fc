package fr.passerelle.iae.registry.evidence;

import java.nio.charset.StandardCharsets;
import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Objects;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.registry.Sha256;

/**
 * Checks the evidence journal from its stored rows alone, as an auditor would: each leaf hashes to its stored hash
 * and still names its journal row's bytes, positions have no gap, each checkpoint's root is the root of the leaves
 * below its size, its note says that size and root, its signature verifies with its key, and its kept consistency
 * proof shows it extends the previous checkpoint. Reads the leaves as a
 * stream, in position order, once: memory stays the tree's right border whatever the journal's size.
 */
public class EvidenceVerifier {

    /** More than this many faults are counted, not listed. */
    static final int LISTED = 100;

    /** @param problems each fault found, naming the row and what in it does not hold; at most {@value #LISTED} */
    public record Report(Instant at, long leaves, long checkpoints, long faults, List<String> problems) {

        public boolean ok() {
            return faults == 0;
        }
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    private final JdbcTemplate jdbc;
    private final TransactionTemplate readOnly;
    private final Clock clock;
    private final EvidenceCipher cipher;
    private final EvidenceStore store;
    private final int sample;

    /**
     * @param cipher opens the kept bytes of requests, to hash them again
     * @param sample how many kept files, drawn at random, are read and hashed again by each verification
     */
    public EvidenceVerifier(DataSource database, PlatformTransactionManager transactions, Clock clock, EvidenceCipher cipher,
                            EvidenceStore store, int sample) {
        this.jdbc = new JdbcTemplate(database);
        // a cursor: PostgreSQL sends the rows in batches only inside a transaction
        this.jdbc.setFetchSize(1000);
        this.readOnly = new TransactionTemplate(transactions);
        this.readOnly.setReadOnly(true);
        this.clock = clock;
        this.cipher = cipher;
        this.store = store;
        this.sample = sample;
    }

    private record Checkpoint(long size, byte[] root, byte[] border, byte[] consistency, String note, String keyId, byte[] publicKey,
                              byte[] signature) {
    }

    public Report verify() {
        return readOnly.execute(tx -> {
            Faults faults = new Faults();
            List<Checkpoint> checkpoints = jdbc.query("""
                    SELECT c.size, c.root, c.border, c.consistency, c.note, c.key_id, k.public_key, c.signature
                    FROM evidence_checkpoint c LEFT JOIN evidence_key k ON k.key_id = c.key_id ORDER BY c.size""",
                    (rs, n) -> new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getBytes(3), rs.getBytes(4), rs.getString(5),
                            rs.getString(6), rs.getBytes(7), rs.getBytes(8)));
            for (int i = 0; i < checkpoints.size(); i++) {
                extendsPrevious(i == 0 ? null : checkpoints.get(i - 1), checkpoints.get(i), faults);
            }
            TimestampTokenCheck.checkStored(jdbc, faults::add);
            Iterator<Checkpoint> next = checkpoints.iterator();
            TreeBorder tree = TreeBorder.empty();
            long[] leaves = {0};
            Checkpoint[] due = {next.hasNext() ? next.next() : null};
            long last = checkpoints.isEmpty() ? 0 : checkpoints.get(checkpoints.size() - 1).size();
            jdbc.query("""
                    SELECT p.position, l.exchange_id, l.body, l.leaf_hash, e.flow, e.direction, e.name, e.sha256, e.size,
                           l.sha256,
                           CASE WHEN l.request_sealed IS NULL THEN rq.sha256 ELSE l.sha256 END,
                           CASE WHEN l.request_sealed IS NULL THEN rq.key_id ELSE l.body_key_id END,
                           coalesce(l.request_sealed, rq.sealed),
                           l.answer_sha256,
                           CASE WHEN l.answer_sealed IS NULL THEN an.sha256 ELSE l.answer_sha256 END,
                           CASE WHEN l.answer_sealed IS NULL THEN an.key_id ELSE l.body_key_id END,
                           coalesce(l.answer_sealed, an.sealed),
                           o.sha256 IS NOT NULL
                    FROM evidence_position p JOIN evidence_leaf l ON l.id = p.leaf_id LEFT JOIN exchange e ON e.id = l.exchange_id
                    -- the bytes of a leaf written before V26 are in evidence_body
                    LEFT JOIN evidence_body rq ON l.exchange_id IS NULL AND l.request_sealed IS NULL AND rq.sha256 = l.sha256
                    LEFT JOIN evidence_body an ON l.answer_sealed IS NULL AND an.sha256 = l.answer_sha256
                    LEFT JOIN evidence_object o ON l.exchange_id IS NOT NULL AND o.sha256 = l.sha256
                    WHERE p.position < ? ORDER BY p.position""", (ResultSet rs) -> {
                long position = rs.getLong(1);
                if (position != tree.size()) {
                    faults.add("positions " + tree.size() + " to " + (position - 1) + ": missing");
                }
                String exchange = rs.getString(2);
                byte[] body = rs.getBytes(3);
                byte[] hash = MerkleTree.leafHash(body);
                if (!MessageDigest.isEqual(hash, rs.getBytes(4))) {
                    faults.add("leaf " + position + " (exchange " + exchange + "): its body does not hash to its stored leaf hash");
                }
                if (exchange != null) {
                    String journal = journalMismatch(body, rs);
                    if (journal != null) {
                        faults.add("leaf " + position + " (exchange " + exchange + "): " + journal);
                    }
                    // files are kept since leaves of version 2
                    if (rs.getString(10) != null && !rs.getBoolean(18)) {
                        faults.add("leaf " + position + " (exchange " + exchange + "): its file " + rs.getString(10) + " is not kept");
                    }
                } else {
                    keptBytesMismatch(body, rs).forEach(fault -> faults.add("leaf " + position + " (request): " + fault));
                }
                // the tree is rebuilt from the bodies: a changed body also changes the root of every later checkpoint
                while (tree.size() < position) {
                    tree.append(new byte[MerkleTree.HASH_BYTES]);
                }
                tree.append(hash);
                leaves[0]++;
                while (due[0] != null && due[0].size() == tree.size()) {
                    check(due[0], tree, faults);
                    due[0] = next.hasNext() ? next.next() : null;
                }
            }, last);
            if (due[0] != null) {
                faults.add("positions " + tree.size() + " to " + (last - 1) + ": missing");
                while (due[0] != null) {
                    check(due[0], null, faults);
                    due[0] = next.hasNext() ? next.next() : null;
                }
            }
            keptFiles(faults);
            return new Report(clock.instant(), leaves[0], checkpoints.size(), faults.count, faults.listed);
        });
    }

    /**
     * A sample of the kept files not removed at the end of their retention, read and hashed again, each named by its
     * first leaf; and every removal recorded before that end, which no purge makes.
     */
    private void keptFiles(Faults faults) {
        record Drawn(String sha256, Long position) {
        }
        List<Drawn> drawn = jdbc.query("""
                SELECT o.sha256, (SELECT min(p.position) FROM evidence_leaf l JOIN evidence_position p ON p.leaf_id = l.id
                                  WHERE l.sha256 = o.sha256)
                FROM evidence_object o WHERE NOT EXISTS (SELECT FROM evidence_purge x WHERE x.sha256 = o.sha256)
                ORDER BY random() LIMIT ?""",
                (rs, n) -> new Drawn(rs.getString(1), (Long) rs.getObject(2)), sample);
        jdbc.query("""
                SELECT o.sha256, o.kept_until, x.purged_at FROM evidence_purge x JOIN evidence_object o ON o.sha256 = x.sha256
                WHERE x.purged_at < o.kept_until ORDER BY x.purged_at""",
                (ResultSet rs) -> {
                    faults.add("file " + rs.getString(1) + ": recorded as removed at " + rs.getTimestamp(3).toInstant()
                            + ", before the end of its retention (" + rs.getTimestamp(2).toInstant() + ")");
                });
        for (Drawn file : drawn) {
            store.check(file.sha256()).ifPresent(fault -> faults.add("file " + file.sha256()
                    + (file.position() == null ? " (no sealed leaf yet)" : " (leaf " + file.position() + ")") + ": " + fault));
        }
    }

    /** The checkpoint's kept consistency proof shows it extends the previous one; the first has none. */
    private static void extendsPrevious(Checkpoint previous, Checkpoint checkpoint, Faults faults) {
        String name = "checkpoint " + checkpoint.size();
        if (previous == null) {
            if (checkpoint.consistency() != null) {
                faults.add(name + ": the first checkpoint has a consistency proof");
            }
            return;
        }
        boolean consistent;
        try {
            consistent = checkpoint.consistency() != null && MerkleTree.verifyConsistency(previous.size(), checkpoint.size(),
                    MerkleTree.split(checkpoint.consistency()), previous.root(), checkpoint.root());
        } catch (IllegalArgumentException malformed) {
            consistent = false;
        }
        if (!consistent) {
            faults.add(name + ": its consistency proof does not show it extends checkpoint " + previous.size());
        }
    }

    private static void check(Checkpoint checkpoint, TreeBorder tree, Faults faults) {
        String name = "checkpoint " + checkpoint.size();
        if (tree != null && !MessageDigest.isEqual(tree.root(), checkpoint.root())) {
            faults.add(name + ": its root is not the root of the leaves below it");
        }
        if (tree != null && !MessageDigest.isEqual(tree.bytes(), checkpoint.border())) {
            faults.add(name + ": its stored border is not the tree's");
        }
        if (!EvidenceSealer.note(checkpoint.size(), checkpoint.root()).equals(checkpoint.note())) {
            faults.add(name + ": its note does not say its size and root");
        }
        if (checkpoint.publicKey() == null) {
            faults.add(name + ": its key " + checkpoint.keyId() + " is not stored");
        } else if (!Sha256.of(checkpoint.publicKey()).equals(checkpoint.keyId())
                || !CheckpointSigner.verify(checkpoint.publicKey(), checkpoint.note().getBytes(StandardCharsets.UTF_8),
                checkpoint.signature())) {
            faults.add(name + ": its signature does not verify with key " + checkpoint.keyId());
        }
    }

    /** What of the leaf no longer matches its journal row's unchanging part; null when all does. */
    private static String journalMismatch(byte[] body, ResultSet rs) throws SQLException {
        if (rs.getString(5) == null) {
            return "its journal row is gone";
        }
        JsonNode leaf;
        try {
            leaf = JSON.readTree(body);
        } catch (IOException e) {
            return "its body is not a leaf";
        }
        List<String> differ = new ArrayList<>();
        if (!rs.getString(5).equals(leaf.path("flow").asText())) {
            differ.add("flow");
        }
        if (!rs.getString(6).equals(leaf.path("direction").asText())) {
            differ.add("direction");
        }
        if (!rs.getString(7).equals(leaf.path("name").asText())) {
            differ.add("name");
        }
        if (!rs.getString(8).equals(leaf.path("sha256").asText())) {
            differ.add("sha256");
        }
        if (rs.getLong(9) != leaf.path("size").asLong(-1)) {
            differ.add("size");
        }
        return differ.isEmpty() ? null : "its journal row's " + String.join(", ", differ) + " differ from the leaf's";
    }

    /**
     * What of a request leaf's kept bytes does not hold: the request and the answer must be kept, sealed under this
     * node's key, and hash to what the leaf says.
     */
    private List<String> keptBytesMismatch(byte[] body, ResultSet rs) throws SQLException {
        JsonNode leaf;
        try {
            leaf = JSON.readTree(body);
        } catch (IOException e) {
            return List.of("its body is not a leaf");
        }
        List<String> faults = new ArrayList<>();
        String answer = leaf.has("answer") ? leaf.path("answer").path("sha256").asText() : null;
        if (!leaf.path("sha256").asText().equals(rs.getString(10)) || !Objects.equals(answer, rs.getString(14))) {
            faults.add("its row's hashes of the request and answer differ from the leaf's");
        }
        kept("request", rs.getString(10), rs.getString(11), rs.getString(12), rs.getBytes(13), faults);
        if (rs.getString(14) != null) {
            kept("answer", rs.getString(14), rs.getString(15), rs.getString(16), rs.getBytes(17), faults);
        }
        return faults;
    }

    private void kept(String what, String sha256, String found, String keyId, byte[] sealed, List<String> faults) {
        if (found == null) {
            faults.add("its " + what + " bytes " + sha256 + " are not kept");
        } else if (!cipher.keyId().equals(keyId)) {
            faults.add("its " + what + " bytes " + sha256 + " are sealed under key " + keyId + ", which this node does not hold");
        } else {
            try {
                if (!Sha256.of(cipher.open(sealed)).equals(sha256)) {
                    faults.add("its kept " + what + " bytes " + sha256 + " do not hash to it");
                }
            } catch (GeneralSecurityException e) {
                faults.add("its kept " + what + " bytes " + sha256 + " were changed: they no longer open");
            }
        }
    }

    private static final class Faults {
        long count;
        final List<String> listed = new ArrayList<>();

        void add(String fault) {
            count++;
            if (listed.size() < LISTED) {
                listed.add(fault);
            }
        }
    }
}
