package fr.passerelle.iae.connectors.s3;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.HexFormat;
import java.util.Random;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.passerelle.iae.connectors.infra.MovableClock;

/** The write-once bucket against an S3-compatible store with object lock (the simulator, built from S3's API reference). */
class LockedBucketTest {

    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    @TempDir
    Path folder;

    // one time for the hub and the store, moved by the test
    private final MovableClock clock = new MovableClock();
    private S3Simulator store;
    private LockedBucket bucket;
    private Path file;
    private String sha256;

    @BeforeEach
    void start() throws Exception {
        clock.set(Instant.now().truncatedTo(ChronoUnit.SECONDS));
        store = S3Simulator.start(folder.resolve("store"), "evidence", "eu-west-3", "hub", "hub-secret", clock);
        bucket = new LockedBucket(store.endpoint(), "evidence", "eu-west-3", "hub", "hub-secret", clock, TIMEOUT);
        file = Files.writeString(folder.resolve("RIAE_FS_20261205.json"), "{\"fiches\":[]}");
        sha256 = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(Files.readAllBytes(file)));
    }

    @AfterEach
    void stop() {
        store.close();
    }

    @Test
    void a_file_is_kept_once_locked_in_compliance_mode_until_its_retention_and_read_back_as_written() throws Exception {
        Instant until = clock.instant().plus(Duration.ofDays(3653));

        assertThat(bucket.keep(sha256, file, sha256, until)).isTrue();
        // the same name again: the store keeps the first version, and only it
        assertThat(bucket.keep(sha256, file, null, until.plusSeconds(60))).isFalse();

        assertThat(store.versions(sha256)).hasSize(1);
        assertThat(bucket.head(sha256)).hasValueSatisfying(head -> {
            assertThat(head.lockMode()).isEqualTo("COMPLIANCE");
            assertThat(head.retainUntil()).isEqualTo(until);
        });
        try (InputStream in = bucket.open(sha256).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(Files.readAllBytes(file));
        }
        assertThat(bucket.open("0".repeat(64))).isEmpty();
    }

    @Test
    void a_locked_file_cannot_be_removed_before_its_retention_ends_and_can_be_after() throws Exception {
        Instant until = clock.instant().plus(Duration.ofDays(1));
        bucket.keep(sha256, file, sha256, until);

        assertThatThrownBy(() -> bucket.remove(sha256)).isInstanceOf(IOException.class).hasMessageContaining("HTTP 403 AccessDenied");
        assertThat(bucket.open(sha256)).isPresent();

        clock.set(until.plusSeconds(1));
        bucket.remove(sha256);
        assertThat(bucket.open(sha256)).isEmpty();
        assertThat(store.versions(sha256)).isEmpty();
    }

    @Test
    void bytes_that_do_not_match_their_checksum_are_refused_and_not_kept() {
        Instant until = clock.instant().plus(Duration.ofDays(1));

        assertThatThrownBy(() -> bucket.keep(sha256, file, "ab".repeat(32), until))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 400 BadDigest");
        assertThat(store.versions(sha256)).isEmpty();
    }

    @Test
    void a_wrong_secret_a_clock_off_by_an_hour_and_an_outage_are_refused_with_the_store_s_code() throws Exception {
        Instant until = clock.instant().plus(Duration.ofDays(1));
        LockedBucket wrongSecret = new LockedBucket(store.endpoint(), "evidence", "eu-west-3", "hub", "not-the-secret", clock, TIMEOUT);
        assertThatThrownBy(() -> wrongSecret.keep(sha256, file, sha256, until)).hasMessageContaining("HTTP 403 SignatureDoesNotMatch");

        LockedBucket late = new LockedBucket(store.endpoint(), "evidence", "eu-west-3", "hub", "hub-secret",
                Clock.offset(clock, Duration.ofHours(-1)), TIMEOUT);
        assertThatThrownBy(() -> late.keep(sha256, file, sha256, until)).hasMessageContaining("HTTP 403 RequestTimeTooSkewed");

        store.unavailable(true);
        assertThatThrownBy(() -> bucket.keep(sha256, file, sha256, until)).hasMessageContaining("HTTP 503 SlowDown");
        assertThat(store.versions(sha256)).isEmpty();

        store.unavailable(false);
        assertThat(bucket.keep(sha256, file, sha256, until)).isTrue();
        try (InputStream in = bucket.open(sha256).orElseThrow()) {
            assertThat(new String(in.readAllBytes(), StandardCharsets.UTF_8)).isEqualTo("{\"fiches\":[]}");
        }
    }

    @Test
    void a_file_larger_than_a_part_is_sent_in_parts_kept_once_and_read_back_whole() throws Exception {
        LockedBucket inParts = new LockedBucket(store.endpoint(), "evidence", "eu-west-3", "hub", "hub-secret", clock, TIMEOUT, 5 << 20);
        byte[] large = new byte[(11 << 20) + 3];
        new Random(20).nextBytes(large);
        Path stock = Files.write(folder.resolve("StockEtablissement.csv"), large);
        String name = HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(large));
        Instant until = clock.instant().plus(Duration.ofDays(1826));

        assertThat(inParts.keep(name, stock, name, until)).isTrue();
        assertThat(inParts.keep(name, stock, name, until)).as("the name is taken: the second upload is dropped").isFalse();

        assertThat(store.uploadsInProgress()).isZero();
        assertThat(store.versions(name)).singleElement().satisfies(version -> {
            assertThat(version.lockMode()).isEqualTo("COMPLIANCE");
            assertThat(version.retainUntil()).isEqualTo(until);
        });
        try (InputStream in = inParts.open(name).orElseThrow()) {
            assertThat(in.readAllBytes()).isEqualTo(large);
        }
    }

    @Test
    void an_upload_the_store_refuses_to_complete_is_aborted_and_nothing_is_kept() throws Exception {
        // parts of 1 MiB: S3 wants 5 MB at least for every part but the last
        LockedBucket tooSmall = new LockedBucket(store.endpoint(), "evidence", "eu-west-3", "hub", "hub-secret", clock, TIMEOUT, 1 << 20);
        Path stock = Files.write(folder.resolve("StockEtablissement.csv"), new byte[(3 << 20) + 1]);

        assertThatThrownBy(() -> tooSmall.keep("stock", stock, null, clock.instant().plus(Duration.ofDays(1))))
                .isInstanceOf(IOException.class).hasMessageContaining("HTTP 400 EntityTooSmall");
        assertThat(store.uploadsInProgress()).isZero();
        assertThat(store.versions("stock")).isEmpty();
    }
}
