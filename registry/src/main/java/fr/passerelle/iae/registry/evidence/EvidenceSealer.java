package fr.passerelle.iae.registry.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * Seals the evidence: the leaves committed since the last checkpoint get the next positions of the Merkle tree, in
 * the order of the transactions that wrote them, and a new checkpoint (size, root) is signed and kept with the proof
 * that it extends the previous one, all in one transaction. One node seals at a time (an advisory lock): positions
 * stay contiguous. The exchanges never wait on it: they only insert their leaf.
 */
public class EvidenceSealer {

    /** The origin line of every checkpoint: which log the note is about. */
    public static final String ORIGIN = "passerelle-iae/exchange-journal";

    private static final long SEAL_LOCK = 0x45564944454e4345L;
    private static final int BATCH = 10_000;

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final CheckpointSigner signer;

    public EvidenceSealer(JdbcClient jdbc, PlatformTransactionManager transactions, CheckpointSigner signer) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.signer = signer;
    }

    /** The signed text of a checkpoint, in the layout of a transparency log's checkpoint (C2SP): origin, size, root. */
    public static String note(long size, byte[] root) {
        return ORIGIN + "\n" + size + "\n" + Base64.getEncoder().encodeToString(root) + "\n";
    }

    /** Leaves sealed by this call; 0 when there were none, or when another node is sealing. */
    public int seal() {
        Integer sealed = transaction.execute(tx -> {
            if (!jdbc.sql("SELECT pg_try_advisory_xact_lock(?)").param(SEAL_LOCK).query(Boolean.class).single()) {
                return 0;
            }
            record Unsealed(long id, byte[] hash, long txid, long horizon) {
            }
            record Latest(TreeBorder tree, long horizon) {
            }
            Latest latest = jdbc.sql("SELECT size, border, coalesce(horizon, 0) FROM evidence_checkpoint ORDER BY size DESC LIMIT 1")
                    .query((rs, n) -> new Latest(TreeBorder.of(rs.getLong(1), rs.getBytes(2)), rs.getLong(3))).optional()
                    .orElseGet(() -> new Latest(TreeBorder.empty(), 0));
            // the leaves of the transactions that ended since the last seal (evidence_leaf.txid, V27, read in the order of
            // its B-tree since V28); when there are more than a batch, the next seal resumes at the last one sealed
            List<Unsealed> leaves = jdbc.sql("""
                    SELECT l.id, l.leaf_hash, l.txid, now.horizon
                    FROM (SELECT pg_snapshot_xmin(pg_current_snapshot())::text::bigint AS horizon) now
                    JOIN evidence_leaf l ON l.txid >= ? AND l.txid < now.horizon
                    WHERE NOT EXISTS (SELECT FROM evidence_position p WHERE p.leaf_id = l.id)
                    ORDER BY l.txid, l.id LIMIT ?""")
                    .params(latest.horizon(), BATCH)
                    .query((rs, n) -> new Unsealed(rs.getLong(1), rs.getBytes(2), rs.getLong(3), rs.getLong(4))).list();
            if (leaves.isEmpty()) {
                return 0;
            }
            Unsealed last = leaves.get(leaves.size() - 1);
            long horizon = leaves.size() < BATCH ? last.horizon() : last.txid();
            TreeBorder tree = latest.tree();
            List<byte[]> hashes = leaves.stream().map(Unsealed::hash).toList();
            byte[] consistency = tree.size() == 0 ? null : MerkleTree.join(tree.consistencyProof(hashes));
            Long[] positions = new Long[leaves.size()];
            Long[] ids = new Long[leaves.size()];
            for (int i = 0; i < leaves.size(); i++) {
                positions[i] = tree.size();
                ids[i] = leaves.get(i).id();
                tree.append(leaves.get(i).hash());
            }
            jdbc.sql("INSERT INTO evidence_position (position, leaf_id) SELECT * FROM unnest(?::bigint[], ?::bigint[])")
                    .params(positions, ids).update();
            byte[] root = tree.root();
            String note = note(tree.size(), root);
            jdbc.sql("INSERT INTO evidence_key (key_id, public_key) VALUES (?, ?) ON CONFLICT (key_id) DO NOTHING")
                    .params(signer.keyId(), signer.publicKey()).update();
            jdbc.sql("""
                    INSERT INTO evidence_checkpoint (size, root, border, consistency, note, key_id, signature, horizon)
                    VALUES (?, ?, ?, ?, ?, ?, ?, ?)""")
                    .params(tree.size(), root, tree.bytes(), consistency, note, signer.keyId(),
                            signer.sign(note.getBytes(StandardCharsets.UTF_8)), horizon)
                    .update();
            return leaves.size();
        });
        return sealed == null ? 0 : sealed;
    }

    /** Committed leaves that wait for a position: those the next seal will find (ops view). */
    public static long unsealed(JdbcClient jdbc) {
        return jdbc.sql("""
                SELECT count(*) FROM evidence_leaf l
                WHERE l.txid >= coalesce((SELECT horizon FROM evidence_checkpoint ORDER BY size DESC LIMIT 1), 0)
                  AND NOT EXISTS (SELECT FROM evidence_position p WHERE p.leaf_id = l.id)""").query(Long.class).single();
    }
}
