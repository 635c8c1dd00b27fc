package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Path;
import java.time.Clock;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.passerelle.iae.registry.evidence.EvidenceFolder;

/** The evidence store's option: the folder unless an S3 endpoint is given, and then a bucket fully named. */
class EvidenceObjectsConfigTest {

    @TempDir
    Path folder;

    private final EvidenceObjectsConfig config = new EvidenceObjectsConfig();

    @Test
    void the_folder_without_an_endpoint_the_bucket_with_one() throws Exception {
        assertThat(config.evidenceObjects(folder, "", "", "", "", "", 30_000, Clock.systemUTC())).isInstanceOf(EvidenceFolder.class);
        assertThat(config.evidenceObjects(folder, "https://s3.eu-west-3.amazonaws.com", "passerelle-evidence", "eu-west-3", "AKIA",
                "secret", 30_000, Clock.systemUTC())).isInstanceOf(BucketEvidence.class);
    }

    @Test
    void an_endpoint_without_its_bucket_or_credentials_stops_the_start() {
        assertThatThrownBy(() -> config.evidenceObjects(folder, "https://s3.eu-west-3.amazonaws.com", "", "eu-west-3", "AKIA", "secret",
                30_000, Clock.systemUTC())).isInstanceOf(IllegalStateException.class).hasMessageContaining("passerelle.evidence.s3.bucket");
    }
}
