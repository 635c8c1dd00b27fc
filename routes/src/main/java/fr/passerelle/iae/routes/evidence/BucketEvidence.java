package fr.passerelle.iae.routes.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

import fr.passerelle.iae.connectors.s3.LockedBucket;
import fr.passerelle.iae.registry.evidence.EvidenceObjects;

/**
 * The kept files in a bucket with object lock: each written once, locked until the end of its retention, so that
 * neither the hub nor whoever holds the bucket's keys can change or remove it before then.
 */
final class BucketEvidence implements EvidenceObjects {

    private final LockedBucket bucket;

    BucketEvidence(LockedBucket bucket) {
        this.bucket = bucket;
    }

    @Override
    public void keep(String name, Path file, String sha256, boolean owned, Instant until) throws IOException {
        bucket.keep(name, file, sha256, until);
    }

    @Override
    public Optional<InputStream> open(String name) throws IOException {
        return bucket.open(name);
    }

    @Override
    public void remove(String name) throws IOException {
        bucket.remove(name);
    }
}
