package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Duration;
import java.time.temporal.ChronoUnit;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.connectors.s3.LockedBucket;
import fr.passerelle.iae.connectors.s3.S3Simulator;
import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.EvidenceCipher;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.routes.HubTestSupport;

/**
 * The evidence store on its other option, a bucket with object lock (issue 20): the files kept there as they are in
 * the folder (sealed when they name persons), each locked until the end of its partner's retention, read back, and
 * a byte changed behind the store's back named by the check; a store that cannot keep a file makes the keep fail.
 */
class EvidenceBucketTest extends HubTestSupport {

    // a database of its own: the hub's verifier would otherwise look in its folder for the files kept in this bucket
    private static final String DATABASE = "evidence_bucket_" + Long.toHexString(System.nanoTime());

    @Autowired
    private Clock clock;
    @Autowired
    private EvidenceCipher cipher;

    @TempDir
    Path folder;

    private JdbcClient jdbc;
    private S3Simulator bucketStore;
    private EvidenceStore store;

    @BeforeAll
    static void database() {
        TestInfrastructure infra = TestInfrastructure.get();
        databaseSuperuser().sql("CREATE DATABASE " + DATABASE).update();
        Flyway.configure().dataSource(url(infra), infra.dbAdminUser(), infra.dbPassword())
                .placeholders(Map.of("hubrole", infra.dbUser())).load().migrate();
    }

    @AfterAll
    static void dropDatabase() {
        databaseSuperuser().sql("DROP DATABASE " + DATABASE + " WITH (FORCE)").update();
    }

    private static String url(TestInfrastructure infra) {
        return infra.jdbcUrl().replaceFirst("/[^/?]+(\\?|$)", "/" + DATABASE + "$1");
    }

    @BeforeEach
    void bucket() throws IOException {
        TestInfrastructure infra = TestInfrastructure.get();
        jdbc = JdbcClient.create(new DriverManagerDataSource(url(infra), infra.dbUser(), infra.dbPassword()));
        bucketStore = S3Simulator.start(folder.resolve("s3"), "passerelle-evidence", "eu-west-3", "hub", "hub-secret", clock);
        LockedBucket bucket = new LockedBucket(bucketStore.endpoint(), "passerelle-evidence", "eu-west-3", "hub", "hub-secret", clock,
                Duration.ofSeconds(10));
        store = new EvidenceStore(jdbc, clock, cipher, new BucketEvidence(bucket), folder.resolve("store"), "ASP,france-travail",
                "ASP=P10Y,*=P5Y", true);
    }

    @AfterEach
    void stop() {
        bucketStore.close();
    }

    @Test
    void files_are_kept_in_the_bucket_locked_until_their_retention_sealed_when_they_name_persons() throws Exception {
        String nir = "190017512345678";
        byte[] fiches = ("{\"nir\":\"" + nir + "\",\"nom\":\"MARTIN\",\"run\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        EvidenceStore.Kept sealed = store.keep("ASP", List.of(Files.write(folder.resolve("RIAE_FS.json"), fiches)));
        byte[] stock = ("siret;etat\n" + UUID.randomUUID() + ";A\n").getBytes(StandardCharsets.UTF_8);
        EvidenceStore.Kept plain = store.keep("INSEE", List.of(Files.write(folder.resolve("StockEtablissement.csv"), stock)));

        assertThat(sealed).isEqualTo(new EvidenceStore.Kept(Sha256.of(fiches), fiches.length));
        S3Simulator.Version sealedVersion = onlyVersion(sealed.sha256() + ".sealed");
        S3Simulator.Version plainVersion = onlyVersion(plain.sha256());
        assertThat(new String(Files.readAllBytes(sealedVersion.bytes()), StandardCharsets.ISO_8859_1)).doesNotContain(nir).doesNotContain("MARTIN");
        assertThat(Files.readAllBytes(plainVersion.bytes())).isEqualTo(stock);
        assertLockedUntilItsRetention(sealed, sealedVersion);
        assertLockedUntilItsRetention(plain, plainVersion);
        assertThat(sealedVersion.retainUntil()).isAfter(plainVersion.retainUntil().plus(Duration.ofDays(365 * 4)));

        try (InputStream in = store.open(sealed.sha256()).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(fiches);
        }
        assertThat(store.check(sealed.sha256())).isEmpty();
        assertThat(store.check(plain.sha256())).isEmpty();

        // someone with access to the store's disks changes one byte: the bucket cannot tell, the check does
        byte[] onDisk = Files.readAllBytes(plainVersion.bytes());
        onDisk[3] ^= 1;
        Files.write(plainVersion.bytes(), onDisk);
        assertThat(store.check(plain.sha256())).hasValue("its kept file does not hash to " + plain.sha256() + ": its bytes were changed");
    }

    @Test
    void a_file_the_bucket_cannot_keep_is_not_recorded_as_kept() throws Exception {
        byte[] upload = ("{\"run\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        bucketStore.unavailable(true);

        assertThatThrownBy(() -> store.keep("ASP", upload))
                .satisfies(refused -> assertThat(refused.getCause()).hasMessageContaining("HTTP 503 SlowDown"));
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_object WHERE sha256 = ?").param(Sha256.of(upload)).query(Long.class).single())
                .isZero();

        bucketStore.unavailable(false);
        assertThat(store.keep("ASP", upload).sha256()).isEqualTo(Sha256.of(upload));
        assertThat(store.check(Sha256.of(upload))).isEmpty();
    }

    private void assertLockedUntilItsRetention(EvidenceStore.Kept kept, S3Simulator.Version version) {
        Timestamp until = jdbc.sql("SELECT kept_until FROM evidence_object WHERE sha256 = ?").param(kept.sha256())
                .query(Timestamp.class).single();
        assertThat(version.lockMode()).isEqualTo("COMPLIANCE");
        assertThat(version.retainUntil()).isEqualTo(until.toInstant().truncatedTo(ChronoUnit.SECONDS));
    }

    private S3Simulator.Version onlyVersion(String key) {
        List<S3Simulator.Version> versions = bucketStore.versions(key);
        assertThat(versions).hasSize(1);
        return versions.get(0);
    }
}
