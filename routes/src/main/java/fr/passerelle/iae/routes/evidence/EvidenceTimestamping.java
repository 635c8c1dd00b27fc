package fr.passerelle.iae.routes.evidence;

import java.time.Duration;
import java.util.Optional;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.evidence.CheckpointTimestamps;

import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The timestamper's ticks on this node and its alert. A tick without a token is logged and changes nothing else: the
 * next tick stamps the then-latest checkpoint, which covers the missed ones. The alert is raised when a checkpoint has
 * waited longer than {@code passerelle.evidence.timestamp-alert-after-ms} for a token, or after
 * {@code passerelle.evidence.timestamp-alert-failures} ticks in a row without one: {@code passerelle_evidence_timestamp_alert}
 * (1), a WARN log, and the ops view's {@code timestamp.alert}.
 */
@Component
public class EvidenceTimestamping {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceTimestamping.class);

    private final CheckpointTimestamps timestamps;
    private final Duration alertAfter;
    private final int alertFailures;
    private int failures;
    private volatile String lastFailure;
    private volatile String alert;

    public EvidenceTimestamping(CheckpointTimestamps timestamps, MeterRegistry registry,
                                @Value("${passerelle.evidence.timestamp-alert-after-ms}") long alertAfterMs,
                                @Value("${passerelle.evidence.timestamp-alert-failures}") int alertFailures) {
        this.timestamps = timestamps;
        this.alertAfter = Duration.ofMillis(alertAfterMs);
        this.alertFailures = alertFailures;
        Gauge.builder("passerelle.evidence.timestamp.alert", this, t -> t.alert == null ? 0 : 1)
                .description("1 while the latest evidence checkpoints wait too long for an RFC 3161 timestamp").register(registry);
        Gauge.builder("passerelle.evidence.timestamp.age.seconds", this, t -> t.timestamps.sinceLatest().map(d -> d.toMillis() / 1000.0)
                        .orElse(Double.NaN))
                .description("Seconds since the latest RFC 3161 timestamp of an evidence checkpoint was stored (NaN before the first)")
                .register(registry);
    }

    /** One tick of the timer {@code evidence-timestamper}; never throws. */
    public synchronized void run() {
        try {
            timestamps.stampLatest().ifPresent(stamped -> LOG.info("evidence checkpoint {} timestamped at {} by {}",
                    stamped.checkpointSize(), stamped.at(), stamped.authority()));
            failures = 0;
            lastFailure = null;
        } catch (RuntimeException e) {
            failures++;
            lastFailure = e.getMessage();
            LOG.warn("evidence timestamp: none this time ({} in a row), the next tick stamps the then-latest checkpoint: {}",
                    failures, e.getMessage());
        }
        String now = alertNow();
        if (now != null && alert == null) {
            LOG.warn("evidence timestamp alert: {}", now);
        } else if (alert != null) {
            LOG.info("evidence timestamp alert over: the latest checkpoint is timestamped");
        }
        alert = now;
    }

    private String alertNow() {
        if (failures >= alertFailures) {
            return failures + " timestamp requests in a row failed, the last: " + lastFailure;
        }
        Optional<Duration> waiting;
        try {
            waiting = timestamps.uncoveredFor();
        } catch (RuntimeException e) {
            return alert;
        }
        if (waiting.isPresent() && waiting.get().compareTo(alertAfter) > 0) {
            return "a checkpoint has waited " + waiting.get().toSeconds() + " s for a timestamp (alert after "
                    + alertAfter.toSeconds() + " s)" + (lastFailure == null ? "" : ", the last request failed: " + lastFailure);
        }
        return null;
    }

    /**
     * The timestamp part of {@code GET /api/v1/ops/evidence}.
     *
     * @param latest the latest stored token (null before the first): the checkpoint it covers, with every earlier one
     * @param alert  why the alert is raised; null when it is not
     */
    public record TimestampView(CheckpointTimestamps.Stamped latest, String alert) {
    }

    public TimestampView view() {
        return new TimestampView(timestamps.latest().orElse(null), alert);
    }
}
