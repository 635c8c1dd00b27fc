package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.dao.DataAccessException;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.CheckpointSigner;
import fr.passerelle.iae.registry.evidence.EvidenceCipher;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.evidence.EvidenceVerifier;
import fr.passerelle.iae.registry.evidence.MerkleTree;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

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
    @Autowired
    private EvidenceVerification verification;
    @Autowired
    private EvidenceCipher cipher;
    @Autowired
    private EvidenceStore store;
    @Autowired
    private PlatformTransactionManager transactions;
    @Value("${passerelle.evidence.store}")
    private Path storeRoot;

    record Checkpoint(long size, byte[] root, String note, byte[] publicKey, byte[] signature) {
    }

    @Test
    void a_journalled_unit_is_sealed_in_a_signed_checkpoint_that_proves_it_and_extends_the_previous_one() throws Exception {
        String sha256 = keptFile("france-travail", 1234);
        UUID first = journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements_ft_20261205.csv",
                sha256, 1234, null).orElseThrow();
        // a re-delivery of the same bytes is no new unit, and no new leaf
        assertThat(journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements_ft_20261205.csv",
                sha256, 1234, null)).isEmpty();

        JsonNode leaf = json.readTree(jdbc.sql("SELECT body FROM evidence_leaf WHERE exchange_id = ?").param(first)
                .query(byte[].class).single());
        assertThat(leaf.get("v").asInt()).isEqualTo(3);
        assertThat(leaf.get("unit").asText()).isEqualTo("file");
        assertThat(leaf.get("channel").asText()).isEqualTo("sftp");
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
                keptFile("ASP", 99), 99, null).orElseThrow();
        long secondPosition = awaitSealed(second);
        Checkpoint after = latestCheckpoint();
        assertThat(secondPosition).isGreaterThan(firstPosition);
        List<byte[]> grown = leafHashes(after.size());
        assertThat(MerkleTree.root(grown)).isEqualTo(after.root());
        assertThat(MerkleTree.verifyConsistency(before.size(), after.size(), MerkleTree.consistencyProof(grown, (int) before.size()),
                before.root(), after.root())).isTrue();
        // each checkpoint keeps the proof that it extends the one before it, the one an auditor is handed
        byte[] kept = jdbc.sql("SELECT consistency FROM evidence_checkpoint WHERE size = ?").param(after.size()).query(byte[].class).single();
        long previous = previousSize(after.size());
        assertThat(MerkleTree.verifyConsistency(previous, after.size(), MerkleTree.split(kept), MerkleTree.root(grown.subList(0, (int) previous)),
                after.root())).isTrue();
    }

    @Test
    void a_PASS_issued_over_REST_has_a_leaf_naming_it_with_its_request_and_answer_kept_sealed() throws Exception {
        Map<String, Object> hire = PassFixtures.newHire(today());
        String request = toJson(hire);
        Answer issued = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), request);
        assertThat(issued.status()).isEqualTo(201);
        String number = issued.body().get("number").asText();

        record Leaf(long id, byte[] body) {
        }
        List<Leaf> leaves = jdbc.sql("""
                        SELECT l.id, l.body FROM evidence_leaf l JOIN evidence_leaf_pass p ON p.leaf_id = l.id WHERE p.pass_number = ?
                        AND convert_from(l.body, 'UTF8')::jsonb ->> 'unit' = 'request'""")
                .param(number).query((rs, n) -> new Leaf(rs.getLong(1), rs.getBytes(2))).list();
        assertThat(leaves).hasSize(1);
        JsonNode leaf = json.readTree(leaves.get(0).body());
        assertThat(leaf.get("unit").asText()).isEqualTo("request");
        assertThat(leaf.has("exchange")).isFalse();
        assertThat(leaf.get("flow").asText()).isEqualTo("pass-api");
        assertThat(leaf.get("partner").asText()).isEqualTo("plateforme");
        assertThat(leaf.get("direction").asText()).isEqualTo("IN");
        assertThat(leaf.get("channel").asText()).isEqualTo("rest");
        assertThat(leaf.at("/coordinates/method").asText()).isEqualTo("POST");
        assertThat(leaf.at("/coordinates/path").asText()).endsWith("/api/v1/passes");
        assertThat(leaf.at("/coordinates/request").asText()).isNotBlank();
        byte[] requestBytes = request.getBytes(StandardCharsets.UTF_8);
        assertThat(leaf.get("sha256").asText()).isEqualTo(Sha256.of(requestBytes));
        assertThat(leaf.get("size").asLong()).isEqualTo(requestBytes.length);
        assertThat(leaf.at("/answer/status").asInt()).isEqualTo(201);
        assertThat(leaf.at("/answer/sha256").asText()).isEqualTo(Sha256.of(issued.raw().getBytes(StandardCharsets.UTF_8)));
        assertThat(leaf.get("pass")).hasSize(1);
        assertThat(leaf.get("pass").get(0).asText()).isEqualTo(number);
        // no personal value in the leaf: it names the bytes, it does not hold them
        String nir = (String) ((Map<?, ?>) hire.get("person")).get("nir");
        assertThat(new String(leaves.get(0).body(), StandardCharsets.UTF_8)).doesNotContain(nir);

        // kept sealed in the leaf's own row
        byte[] sealed = jdbc.sql("SELECT request_sealed FROM evidence_leaf WHERE id = ?").param(leaves.get(0).id())
                .query(byte[].class).single();
        assertThat(new String(sealed, StandardCharsets.ISO_8859_1)).doesNotContain(nir);
        assertThat(cipher.open(sealed)).isEqualTo(requestBytes);

        // the event the platform reads of it, as the relay published it
        JsonNode published = json.readTree(await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT l.body FROM evidence_leaf l JOIN evidence_leaf_pass p ON p.leaf_id = l.id WHERE p.pass_number = ?
                        AND convert_from(l.body, 'UTF8')::jsonb ->> 'unit' = 'message'""").param(number).query(byte[].class).optional(),
                Optional::isPresent).orElseThrow());
        assertThat(published.get("flow").asText()).isEqualTo("event-relay");
        assertThat(published.get("direction").asText()).isEqualTo("OUT");
        assertThat(published.at("/coordinates/key").asText()).isEqualTo(number);
        assertThat(published.at("/coordinates/offset").asText()).containsOnlyDigits();
        assertThat(published.has("answer")).isFalse();

        long position = awaitSealed(leaves.get(0).id());
        assertThat(verification.run().problems()).isEmpty();
        byte[] changed = sealed.clone();
        changed[changed.length / 2] ^= 1;
        asSuperuser("evidence_leaf", "UPDATE evidence_leaf SET request_sealed = ? WHERE id = ?", changed, leaves.get(0).id());
        try {
            assertThat(verification.run().problems()).containsExactly("leaf " + position + " (request): its kept request bytes "
                    + Sha256.of(requestBytes) + " were changed: they no longer open");
        } finally {
            asSuperuser("evidence_leaf", "UPDATE evidence_leaf SET request_sealed = ? WHERE id = ?", sealed, leaves.get(0).id());
        }
        assertThat(verification.run().problems()).isEmpty();
    }

    @Test
    void files_are_kept_as_exchanged_sealed_when_they_name_persons_and_the_verifier_names_a_changed_byte() throws Exception {
        String nir = "190017512345678";
        byte[] agrements = new byte[3 << 20];   // three segments of the sealed stream
        Arrays.fill(agrements, (byte) 'x');
        byte[] row = ("999990000001;" + nir + ";MARTIN;Léa\n").getBytes(StandardCharsets.UTF_8);
        System.arraycopy(row, 0, agrements, (2 << 20) - 7, row.length);   // across the end of a segment
        Path received = Files.write(Files.createTempFile("agrements", ".csv"), agrements);
        EvidenceStore.Kept kept = store.keep("france-travail", List.of(received));
        assertThat(kept).isEqualTo(new EvidenceStore.Kept(Sha256.of(agrements), agrements.length));
        Path sealed = object(kept.sha256(), ".sealed");
        byte[] onDisk = Files.readAllBytes(sealed);
        assertThat(new String(onDisk, StandardCharsets.ISO_8859_1)).doesNotContain(nir).doesNotContain("MARTIN");
        try (InputStream in = store.open(kept.sha256()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(agrements);
        }

        byte[] stock = ("siret;etat\n" + UUID.randomUUID() + ";A\n").getBytes(StandardCharsets.UTF_8);
        Path downloaded = Files.write(Files.createTempFile("StockEtablissement", ".csv"), stock);
        EvidenceStore.Kept linked = store.keep("INSEE", List.of(downloaded));
        Path plain = object(linked.sha256(), "");
        assertThat(Files.isSameFile(plain, downloaded)).as("a public file is hard-linked, not copied").isTrue();
        Files.delete(downloaded);
        assertThat(Files.readAllBytes(plain)).isEqualTo(stock);

        long sealedLeaf = awaitSealed(journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements.csv",
                kept.sha256(), kept.size(), null).orElseThrow());
        long plainLeaf = awaitSealed(journal.open("sirene-stock", "INSEE", ExchangeJournal.Direction.IN, "StockEtablissement.csv",
                linked.sha256(), linked.size(), null).orElseThrow());
        assertThat(verification.run().problems()).isEmpty();

        changeOneByte(sealed, onDisk.length / 2, () -> assertThat(verification.run().problems()).containsExactly("file "
                + kept.sha256() + " (leaf " + sealedLeaf + "): its kept file cannot be read: segment 1 of the sealed stream "
                + "does not open: changed, moved or cut off"));
        changeOneByte(plain, 3, () -> assertThat(verification.run().problems()).containsExactly("file " + linked.sha256()
                + " (leaf " + plainLeaf + "): its kept file does not hash to " + linked.sha256() + ": its bytes were changed"));
        assertThat(verification.run().problems()).isEmpty();
    }

    /** What someone with access to the store's folder can do: one byte of a kept file changed, then put back. */
    private static void changeOneByte(Path file, int at, Runnable check) throws Exception {
        byte[] kept = Files.readAllBytes(file);
        byte[] changed = kept.clone();
        changed[at] ^= 1;
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r-----"));
        Files.write(file, changed);
        try {
            check.run();
        } finally {
            Files.write(file, kept);
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
        }
    }

    private Path object(String sha256, String suffix) {
        return storeRoot.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256 + suffix);
    }

    @Test
    void evidence_rows_cannot_be_changed_nor_removed_by_the_hub_nor_by_a_superuser_without_disabling_the_triggers() {
        UUID unit = journal.open("asp-returns", "ASP", ExchangeJournal.Direction.IN, "RIAE_FS_20261205100000.json",
                keptFile("ASP", 10), 10, null).orElseThrow();
        awaitSealed(unit);

        // the hub's role may read and append, nothing more: the tables are another role's (afterMigrate.sql)
        for (String refused : List.of("UPDATE evidence_leaf SET body = '\\x00'", "DELETE FROM evidence_checkpoint",
                "TRUNCATE evidence_position CASCADE", "ALTER TABLE evidence_leaf DISABLE TRIGGER evidence_leaf_insert_only",
                "DROP TABLE evidence_timestamp", "CREATE OR REPLACE FUNCTION evidence_insert_only() RETURNS trigger"
                        + " LANGUAGE plpgsql AS $$ BEGIN RETURN NULL; END $$")) {
            assertThatThrownBy(() -> jdbc.sql(refused).update()).as(refused)
                    .isInstanceOf(DataAccessException.class).rootCause().hasMessageMatching("ERROR: (permission denied|must be owner).*");
        }
        assertThat(jdbc.sql("SELECT pg_get_userbyid(relowner) FROM pg_class WHERE relname = 'evidence_leaf'").query(String.class)
                .single()).isEqualTo("passerelle_evidence");

        // a superuser, who can do anything, is refused too as long as the triggers are on
        JdbcClient superuser = databaseSuperuser();
        assertThatThrownBy(() -> superuser.sql("UPDATE evidence_leaf SET body = '\\x00' WHERE exchange_id = ?").param(unit).update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only: UPDATE on evidence_leaf");
        assertThatThrownBy(() -> superuser.sql("DELETE FROM evidence_checkpoint").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only: DELETE on evidence_checkpoint");
        assertThatThrownBy(() -> superuser.sql("TRUNCATE evidence_position CASCADE").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only");
        assertThatThrownBy(() -> superuser.sql("UPDATE evidence_key SET public_key = '\\x00'").update())
                .isInstanceOf(DataAccessException.class).rootCause().hasMessageContaining("evidence is insert-only");
    }

    @Test
    void the_verifier_names_the_leaf_the_journal_row_and_the_checkpoint_changed_behind_the_triggers() {
        UUID unit = journal.open("sirene-stock", "INSEE", ExchangeJournal.Direction.IN, "StockEtablissement_utf8.zip",
                keptFile("INSEE", 42), 42, null).orElseThrow();
        long position = awaitSealed(unit);
        assertThat(verification.run().problems()).isEmpty();

        byte[] body = jdbc.sql("SELECT body FROM evidence_leaf WHERE exchange_id = ?").param(unit).query(byte[].class).single();
        byte[] changed = body.clone();
        changed[changed.length - 3] ^= 1;
        asSuperuser("evidence_leaf", "UPDATE evidence_leaf SET body = ? WHERE exchange_id = ?", changed, unit);
        try {
            EvidenceVerifier.Report report = verification.run();
            assertThat(report.ok()).isFalse();
            assertThat(report.problems()).contains("leaf " + position + " (exchange " + unit
                    + "): its body does not hash to its stored leaf hash");
            assertThat(report.problems()).anyMatch(p -> p.endsWith(": its root is not the root of the leaves below it"));
        } finally {
            asSuperuser("evidence_leaf", "UPDATE evidence_leaf SET body = ? WHERE exchange_id = ?", body, unit);
        }

        String sha256 = jdbc.sql("SELECT sha256 FROM exchange WHERE id = ?").param(unit).query(String.class).single();
        jdbc.sql("UPDATE exchange SET sha256 = ? WHERE id = ?").params(Sha256.of("other bytes"), unit).update();
        try {
            assertThat(verification.run().problems()).containsExactly("leaf " + position + " (exchange " + unit
                    + "): its journal row's sha256 differ from the leaf's");
        } finally {
            jdbc.sql("UPDATE exchange SET sha256 = ? WHERE id = ?").params(sha256, unit).update();
        }

        // sealed after the first unit: the latest checkpoint has one before it
        awaitSealed(journal.open("sirene-stock", "INSEE", ExchangeJournal.Direction.IN, "StockEtablissementLiensSuccession_utf8.zip",
                keptFile("INSEE", 43), 43, null).orElseThrow());
        Checkpoint latest = latestCheckpoint();
        byte[] root = latest.root().clone();
        root[0] ^= 1;
        asSuperuser("evidence_checkpoint", "UPDATE evidence_checkpoint SET root = ? WHERE size = ?", root, latest.size());
        try {
            assertThat(verification.run().problems()).contains(
                    "checkpoint " + latest.size() + ": its root is not the root of the leaves below it",
                    "checkpoint " + latest.size() + ": its note does not say its size and root",
                    "checkpoint " + latest.size() + ": its consistency proof does not show it extends checkpoint "
                            + previousSize(latest.size()));
        } finally {
            asSuperuser("evidence_checkpoint", "UPDATE evidence_checkpoint SET root = ? WHERE size = ?", latest.root(), latest.size());
        }
        assertThat(verification.run().problems()).isEmpty();
    }

    @Test
    void a_leaf_is_sealed_once_its_transaction_has_ended_and_the_leaves_of_later_transactions_wait_for_it() throws Exception {
        TransactionTemplate transaction = new TransactionTemplate(transactions);
        CountDownLatch written = new CountDownLatch(1);
        CountDownLatch commit = new CountDownLatch(1);
        String earlierFile = keptFile("france-travail", 31);
        CompletableFuture<UUID> earlier = CompletableFuture.supplyAsync(() -> transaction.execute(tx -> {
            UUID unit = journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, "agrements_ft_20261206.csv",
                    earlierFile, 31, null).orElseThrow();
            written.countDown();
            try {
                assertThat(commit.await(60, TimeUnit.SECONDS)).isTrue();
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
            return unit;
        }));
        long laterLeaf;
        try {
            assertThat(written.await(30, TimeUnit.SECONDS)).isTrue();
            // committed at once, by a transaction that began after the earlier one wrote its leaf
            UUID later = journal.open("conventions", "ASP", ExchangeJournal.Direction.IN, "fluxIAE_Structure_06122026.csv",
                    keptFile("ASP", 32), 32, null).orElseThrow();
            laterLeaf = leafOf(later);
            // the sealer runs every 500 ms here: it may not seal past a transaction that is still running
            await().during(Duration.ofSeconds(3)).atMost(Duration.ofSeconds(10))
                    .until(() -> positions(laterLeaf) == 0 && verification.view().unsealed() >= 1);
        } finally {
            commit.countDown();
        }
        long earlierLeaf = leafOf(earlier.get(30, TimeUnit.SECONDS));
        long earlierPosition = awaitSealed(earlierLeaf);
        long laterPosition = awaitSealed(laterLeaf);
        // in the order of their transactions, each once
        assertThat(earlierPosition).isLessThan(laterPosition);
        assertThat(positions(earlierLeaf)).isEqualTo(1);
        assertThat(positions(laterLeaf)).isEqualTo(1);
        assertThat(verification.run().problems()).isEmpty();
    }

    private long leafOf(UUID exchange) {
        return jdbc.sql("SELECT id FROM evidence_leaf WHERE exchange_id = ?").param(exchange).query(Long.class).single();
    }

    private long positions(long leaf) {
        return jdbc.sql("SELECT count(*) FROM evidence_position WHERE leaf_id = ?").param(leaf).query(Long.class).single();
    }

    @Test
    void ops_see_the_latest_checkpoint_and_verify_on_demand() throws Exception {
        UUID unit = journal.open("ft-pass-file", "france-travail", ExchangeJournal.Direction.OUT, "PASS_IAE_20261205.csv",
                keptFile("france-travail", 7), 7, null).orElseThrow();
        awaitSealed(unit);
        String reader = keyWith("ops:read");
        String writer = keyWith("ops:write");

        Answer verified = post("/api/v1/ops/evidence/verify", writer, UUID.randomUUID().toString(), "{}");
        assertThat(verified.status()).isEqualTo(200);
        assertThat(verified.body().get("faults").asLong()).isZero();
        assertThat(verified.body().get("leaves").asLong()).isPositive();

        // the sealer keeps sealing other tests' leaves: the view is read after the checkpoint it must not be behind
        Checkpoint latest = latestCheckpoint();
        Answer view = get("/api/v1/ops/evidence", reader);
        assertThat(view.status()).isEqualTo(200);
        assertThat(view.body().at("/checkpoint/size").asLong()).isGreaterThanOrEqualTo(latest.size());
        assertThat(view.body().at("/checkpoint/keyId").asText()).hasSize(64);
        assertThat(view.body().at("/checkpoint/createdAt").isTextual()).isTrue();
        assertThat(view.body().at("/verification/at").isTextual()).isTrue();
        assertThat(view.body().at("/verification/faults").asLong()).isZero();
        assertThat(view.body().at("/verification/problems")).isEmpty();
        assertThat(view.body().at("/store/files").asLong()).isPositive();
        assertThat(view.body().at("/store/bytes").asLong()).isGreaterThanOrEqualTo(7);
        assertThat(get("/api/v1/ops/evidence", null).status()).isEqualTo(401);
        assertThat(post("/api/v1/ops/evidence/verify", reader, UUID.randomUUID().toString(), "{}").status()).isEqualTo(403);
    }

    private long previousSize(long size) {
        return jdbc.sql("SELECT max(size) FROM evidence_checkpoint WHERE size < ?").param(size).query(Long.class).single();
    }

    /** What a database superuser can do: the change the insert-only trigger refuses, with that trigger off. */
    private void asSuperuser(String table, String sql, Object... params) {
        JdbcClient superuser = databaseSuperuser();
        superuser.sql("ALTER TABLE " + table + " DISABLE TRIGGER " + table + "_insert_only").update();
        try {
            superuser.sql(sql).params(params).update();
        } finally {
            superuser.sql("ALTER TABLE " + table + " ENABLE TRIGGER " + table + "_insert_only").update();
        }
    }

    private long awaitSealed(UUID exchange) {
        return awaitSealed(leafOf(exchange));
    }

    private long awaitSealed(long leaf) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT position FROM evidence_position
                        WHERE leaf_id = ? AND position < (SELECT max(size) FROM evidence_checkpoint)""")
                .param(leaf).query(Long.class).optional(), Optional::isPresent).orElseThrow();
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
