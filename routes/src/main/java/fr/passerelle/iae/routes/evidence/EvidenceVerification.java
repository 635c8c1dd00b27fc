package fr.passerelle.iae.routes.evidence;

import java.time.Clock;

import javax.sql.DataSource;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

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
    private volatile EvidenceVerifier.Report last;

    public EvidenceVerification(DataSource database, PlatformTransactionManager transactions, Clock clock, JdbcClient jdbc,
                                MeterRegistry registry) {
        this.verifier = new EvidenceVerifier(database, transactions, clock);
        this.jdbc = jdbc;
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
}
