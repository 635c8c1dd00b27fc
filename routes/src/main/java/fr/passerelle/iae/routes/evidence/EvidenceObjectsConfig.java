package fr.passerelle.iae.routes.evidence;

import java.io.IOException;
import java.net.URI;
import java.time.Clock;
import java.time.Duration;
import java.nio.file.Path;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.connectors.s3.LockedBucket;
import fr.passerelle.iae.registry.evidence.EvidenceFolder;
import fr.passerelle.iae.registry.evidence.EvidenceObjects;

/**
 * Where the kept files lie: the folder {@code passerelle.evidence.store}, or, when {@code passerelle.evidence.s3.endpoint}
 * is set, a bucket of an S3-compatible store created with object lock, each file locked there in COMPLIANCE mode until
 * the end of its partner's retention ({@link BucketEvidence}).
 */
@Configuration(proxyBeanMethods = false)
public class EvidenceObjectsConfig {

    @Bean
    EvidenceObjects evidenceObjects(@Value("${passerelle.evidence.store}") Path folder,
                                    @Value("${passerelle.evidence.s3.endpoint:}") String endpoint,
                                    @Value("${passerelle.evidence.s3.bucket:}") String bucket,
                                    @Value("${passerelle.evidence.s3.region:}") String region,
                                    @Value("${passerelle.evidence.s3.access-key:}") String accessKey,
                                    @Value("${passerelle.evidence.s3.secret-key:}") String secretKey,
                                    @Value("${passerelle.evidence.s3.timeout-ms:30000}") long timeoutMs,
                                    Clock clock) throws IOException {
        if (endpoint.isBlank()) {
            return new EvidenceFolder(folder);
        }
        if (bucket.isBlank() || region.isBlank() || accessKey.isBlank() || secretKey.isBlank()) {
            throw new IllegalStateException("passerelle.evidence.s3.endpoint is set: passerelle.evidence.s3.bucket, region, "
                    + "access-key and secret-key must be set too");
        }
        return new BucketEvidence(new LockedBucket(URI.create(endpoint), bucket, region, accessKey, secretKey, clock,
                Duration.ofMillis(timeoutMs)));
    }
}
