package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.registry.evidence.CheckpointSigner;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.evidence.MerkleTree;

/**
 * A journal written before V27, when the sealer took its leaves from a queue (evidence_unsealed): after the upgrade, the
 * leaves the queue still held are sealed once, those already sealed are not sealed again, and the leaves written from
 * then on follow. On a database of its own, migrated by Flyway as the hub migrates its own.
 */
class EvidenceSealerUpgradeTest {

    private final TestInfrastructure infra = TestInfrastructure.get();
    private final String database = "upgrade_" + UUID.randomUUID().toString().replace("-", "");
    private DriverManagerDataSource upgraded;
    private JdbcClient jdbc;

    @BeforeEach
    void createDatabase() {
        admin().sql("CREATE DATABASE " + database).update();
        upgraded = new DriverManagerDataSource(infra.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + database + "$1"),
                infra.dbAdminUser(), infra.dbPassword());
        jdbc = JdbcClient.create(upgraded);
    }

    @AfterEach
    void dropDatabase() {
        admin().sql("DROP DATABASE IF EXISTS " + database + " WITH (FORCE)").update();
    }

    @Test
    void the_leaves_queued_before_V27_are_sealed_once_after_it_and_the_sealed_ones_are_not_sealed_again(@TempDir Path keys) throws Exception {
        migrate("26");
        CheckpointSigner signer = CheckpointSigner.fromFile(keys.resolve("signing-key"));
        long sealedBefore = leaf("sealed before the upgrade");
        long queuedBefore = leaf("queued before the upgrade");
        // as the sealer of V26 left them: the first leaf at position 0 under a signed checkpoint, the second queued
        // a tree of one leaf: its root and its only border root are the leaf's hash
        byte[] root = MerkleTree.root(List.of(hashOf(sealedBefore)));
        String note = EvidenceSealer.note(1, root);
        jdbc.sql("INSERT INTO evidence_position (position, leaf_id) VALUES (0, ?)").param(sealedBefore).update();
        jdbc.sql("INSERT INTO evidence_key (key_id, public_key) VALUES (?, ?)").params(signer.keyId(), signer.publicKey()).update();
        jdbc.sql("""
                INSERT INTO evidence_checkpoint (size, root, border, note, key_id, signature) VALUES (1, ?, ?, ?, ?, ?)""")
                .params(root, MerkleTree.join(List.of(root)), note, signer.keyId(), signer.sign(note.getBytes(StandardCharsets.UTF_8))).update();
        jdbc.sql("INSERT INTO evidence_unsealed (leaf_id) VALUES (?)").param(queuedBefore).update();

        migrate(null);
        EvidenceSealer sealer = new EvidenceSealer(jdbc, new DataSourceTransactionManager(upgraded), signer);
        assertThat(sealer.seal()).isEqualTo(1);
        long writtenAfter = leaf("written after the upgrade");
        assertThat(sealer.seal()).isEqualTo(1);
        assertThat(sealer.seal()).isZero();

        assertThat(jdbc.sql("SELECT leaf_id FROM evidence_position ORDER BY position").query(Long.class).list())
                .containsExactly(sealedBefore, queuedBefore, writtenAfter);
        List<byte[]> hashes = List.of(hashOf(sealedBefore), hashOf(queuedBefore), hashOf(writtenAfter));
        assertThat(jdbc.sql("SELECT root FROM evidence_checkpoint WHERE size = 3").query(byte[].class).single())
                .isEqualTo(MerkleTree.root(hashes));
    }

    private long leaf(String text) {
        byte[] body = ("{\"v\":3,\"test\":\"" + text + "\"}").getBytes(StandardCharsets.UTF_8);
        return jdbc.sql("INSERT INTO evidence_leaf (body, leaf_hash) VALUES (?, ?) RETURNING id")
                .params(body, MerkleTree.leafHash(body)).query(Long.class).single();
    }

    private byte[] hashOf(long leaf) {
        return jdbc.sql("SELECT leaf_hash FROM evidence_leaf WHERE id = ?").param(leaf).query(byte[].class).single();
    }

    private void migrate(String target) {
        var configuration = Flyway.configure().dataSource(upgraded).locations("classpath:db/migration")
                .placeholders(java.util.Map.of("hubrole", infra.dbAdminUser()));
        (target == null ? configuration : configuration.target(target)).load().migrate();
    }

    private JdbcClient admin() {
        return JdbcClient.create(new DriverManagerDataSource(infra.jdbcUrl(), infra.dbAdminUser(), infra.dbPassword()));
    }
}
