package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.CheckpointSigner;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.evidence.MerkleTree;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;

/**
 * The evidence journal on the real database: every unit the exchange journal records gets a leaf in the same
 * statement; the sealer gives it a position and signs a checkpoint whose root, inclusion and consistency proofs an
 * auditor recomputes from the stored rows alone; the evidence rows cannot be changed or removed.
 */
class EvidenceJournalTest extends HubTestSupport {

    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private JdbcClient jdbc;

    record Checkpoint(long size, byte[] root, String note, byte[] publicKey, byte[] signature) {
    }

    @Test
    void a_journalled_unit_is_sealed_in_a_signed_checkpoint_that_proves_it_and_extends_the_previous_one() throws Exception {
        String sha256 = Sha256.of(UUID.randomUUID().toString());
        UUID first = journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements_ft_20261205.csv",
                sha256, 1234, null).orElseThrow();
        // a re-delivery of the same bytes is no new unit, and no new leaf
        assertThat(journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements_ft_20261205.csv",
                sha256, 1234, null)).isEmpty();

        JsonNode leaf = json.readTree(jdbc.sql("SELECT body FROM evidence_leaf WHERE exchange_id = ?").param(first)
                .query(byte[].class).single());
        assertThat(leaf.get("v").asInt()).isEqualTo(1);
        assertThat(leaf.get("exchange").asText()).isEqualTo(first.toString());
        assertThat(leaf.get("flow").asText()).isEqualTo("ft-agrements");
        assertThat(leaf.get("direction").asText()).isEqualTo("IN");
        assertThat(leaf.get("sha256").asText()).isEqualTo(sha256);
        assertThat(leaf.get("size").asLong()).isEqualTo(1234);

        long firstPosition = awaitSealed(first);
        Checkpoint before = latestCheckpoint();
        assertThat(before.size()).isGreaterThan(firstPosition);
        List<byte[]> leaves = leafHashes(before.size());
        assertThat(MerkleTree.root(leaves)).isEqualTo(before.root());
        assertThat(before.note()).isEqualTo(EvidenceSealer.note(before.size(), before.root()));
        assertThat(CheckpointSigner.verify(before.publicKey(), before.note().getBytes(StandardCharsets.UTF_8), before.signature())).isTrue();
        assertThat(CheckpointSigner.verify(before.publicKey(), EvidenceSealer.note(before.size() + 1, before.root())
                .getBytes(StandardCharsets.UTF_8), before.signature())).as("a note with another size").isFalse();
        assertThat(MerkleTree.verifyInclusion(firstPosition, before.size(), leaves.get((int) firstPosition),
                MerkleTree.inclusionProof(leaves, (int) firstPosition), before.root())).isTrue();

        UUID second = journal.open("conventions", "ASP", ExchangeJournal.Direction.IN, "fluxIAE_Structure_05122026.csv",
                Sha256.of(UUID.randomUUID().toString()), 99, null).orElseThrow();
        long secondPosition = awaitSealed(second);
        Checkpoint after = latestCheckpoint();
        assertThat(secondPosition).isGreaterThan(firstPosition);
        List<byte[]> grown = leafHashes(after.size());
        assertThat(MerkleTree.root(grown)).isEqualTo(after.root());
        assertThat(MerkleTree.verifyConsistency(before.size(), after.size(), MerkleTree.consistencyProof(grown, (int) before.size()),
                before.root(), after.root())).isTrue();
    }

    @Test
    void evidence_rows_cannot_be_changed_nor_removed() {
        UUID unit = journal.open("asp-returns", "ASP", ExchangeJournal.Direction.IN, "RIAE_FS_20261205100000.json",
                Sha256.of(UUID.randomUUID().toString()), 10, null).orElseThrow();
        awaitSealed(unit);

        assertThatThrownBy(() -> jdbc.sql("UPDATE evidence_leaf SET body = '\\x00' WHERE exchange_id = ?").param(unit).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only: UPDATE on evidence_leaf");
        assertThatThrownBy(() -> jdbc.sql("DELETE FROM evidence_checkpoint").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only: DELETE on evidence_checkpoint");
        assertThatThrownBy(() -> jdbc.sql("TRUNCATE evidence_position CASCADE").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only");
        assertThatThrownBy(() -> jdbc.sql("UPDATE evidence_key SET public_key = '\\x00'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only");
    }

    private long awaitSealed(UUID exchange) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT p.position FROM evidence_position p JOIN evidence_leaf l ON l.id = p.leaf_id
                        WHERE l.exchange_id = ? AND p.position < (SELECT max(size) FROM evidence_checkpoint)""")
                .param(exchange).query(Long.class).optional(), java.util.Optional::isPresent).orElseThrow();
    }

    private Checkpoint latestCheckpoint() {
        return jdbc.sql("""
                SELECT c.size, c.root, c.note, k.public_key, c.signature FROM evidence_checkpoint c
                JOIN evidence_key k ON k.key_id = c.key_id ORDER BY c.size DESC LIMIT 1""")
                .query((rs, n) -> new Checkpoint(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getBytes(4), rs.getBytes(5)))
                .single();
    }

    /** The first {@code size} leaves in position order, each checked against the leaf it hashes. */
    private List<byte[]> leafHashes(long size) {
        record Leaf(long position, byte[] body, byte[] hash) {
        }
        List<Leaf> leaves = jdbc.sql("""
                SELECT p.position, l.body, l.leaf_hash FROM evidence_position p JOIN evidence_leaf l ON l.id = p.leaf_id
                WHERE p.position < ? ORDER BY p.position""").param(size)
                .query((rs, n) -> new Leaf(rs.getLong(1), rs.getBytes(2), rs.getBytes(3))).list();
        for (int i = 0; i < leaves.size(); i++) {
            assertThat(leaves.get(i).position()).as("positions are contiguous").isEqualTo(i);
            assertThat(leaves.get(i).hash()).isEqualTo(MerkleTree.leafHash(leaves.get(i).body()));
        }
        assertThat(leaves).hasSize((int) size);
        return leaves.stream().map(Leaf::hash).toList();
    }
}
