package fr.passerelle.iae.routes.evidence;

import java.time.Clock;
import java.time.Instant;
import java.util.Base64;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import fr.passerelle.iae.registry.evidence.EvidenceCipher;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.evidence.EvidenceVerifier;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The evidence verifier's runs on this node, and what operations see of them: {@code passerelle_evidence_faults}
 * (faults found by the last run; NaN before the first) and {@code passerelle_evidence_checkpoint_size} (leaves under
 * the latest checkpoint). Each fault is logged once per run, naming the row and what in it does not hold.
 */
@Component
public class EvidenceVerification {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceVerification.class);

    private final EvidenceVerifier verifier;
    private final JdbcClient jdbc;
    private final EvidenceTimestamping timestamping;
    private volatile EvidenceVerifier.Report last;

    public EvidenceVerification(DataSource database, PlatformTransactionManager transactions, Clock clock, JdbcClient jdbc,
                                EvidenceCipher cipher, EvidenceStore store,
                                @Value("${passerelle.evidence.verify-sample}") int sample, MeterRegistry registry,
                                EvidenceTimestamping timestamping) {
        this.verifier = new EvidenceVerifier(database, transactions, clock, cipher, store, sample);
        this.jdbc = jdbc;
        this.timestamping = timestamping;
        Gauge.builder("passerelle.evidence.faults", this, v -> v.last == null ? Double.NaN : v.last.faults())
                .description("Faults the last verification of the evidence journal found (0: every leaf and checkpoint holds)")
                .register(registry);
        Gauge.builder("passerelle.evidence.checkpoint.size", this, EvidenceVerification::checkpointSize)
                .description("Leaves under the latest signed checkpoint of the evidence journal").register(registry);
    }

    public EvidenceVerifier.Report run() {
        EvidenceVerifier.Report report = verifier.verify();
        last = report;
        if (report.ok()) {
            LOG.info("evidence verified: {} leaves, {} checkpoints, no fault", report.leaves(), report.checkpoints());
        } else {
            LOG.warn("evidence verification: {} faults in {} leaves and {} checkpoints", report.faults(), report.leaves(),
                    report.checkpoints());
            report.problems().forEach(problem -> LOG.warn("evidence fault: {}", problem));
        }
        return report;
    }

    private double checkpointSize() {
        Long size = jdbc.sql("SELECT max(size) FROM evidence_checkpoint").query(Long.class).single();
        return size == null ? 0 : size;
    }

    /** The latest signed checkpoint: leaves under it, their root (base64), when and with which key it was signed. */
    public record CheckpointView(long size, String root, Instant createdAt, String keyId) {
    }

    /** The files kept as exchanged: how many, and their size as exchanged. */
    public record StoreView(long files, long bytes) {
    }

    /**
     * {@code GET /api/v1/ops/evidence}: the latest checkpoint (null before the first), leaves waiting for the sealer, this
     * node's last verification (null before its first), the latest RFC 3161 timestamp and its alert, the store's size.
     */
    public record EvidenceView(CheckpointView checkpoint, long unsealed, EvidenceVerifier.Report verification,
                               EvidenceTimestamping.TimestampView timestamp, StoreView store) {
    }

    public EvidenceView view() {
        CheckpointView checkpoint = jdbc.sql("SELECT size, root, created_at, key_id FROM evidence_checkpoint ORDER BY size DESC LIMIT 1")
                .query((rs, n) -> new CheckpointView(rs.getLong(1), Base64.getEncoder().encodeToString(rs.getBytes(2)),
                        rs.getTimestamp(3).toInstant(), rs.getString(4)))
                .optional().orElse(null);
        long unsealed = EvidenceSealer.unsealed(jdbc);
        StoreView store = jdbc.sql("SELECT count(*), coalesce(sum(size), 0) FROM evidence_object")
                .query((rs, n) -> new StoreView(rs.getLong(1), rs.getLong(2))).single();
        return new EvidenceView(checkpoint, unsealed, last, timestamping.view(), store);
    }
}
