package fr.passerelle.iae.routes.asp;

import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.ChronoUnit;
import java.util.Optional;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.scheduling.support.CronExpression;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.asp.AspFileBuilder;
import fr.passerelle.iae.mappings.asp.FicheSalarieFacts;
import fr.passerelle.iae.registry.fichesalarie.AspUploads;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.journal.Failpoints;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.lease.ScheduleSlots;
import fr.passerelle.iae.routes.ops.Leadership;

/**
 * Flow {@code asp-upload} (PARTNERS §1.2–1.3): at each slot of {@code passerelle.asp.upload-cron} (UTC), or at once through
 * the ops API, writes first any file left PREPARED by an interrupted run (same name, same bytes), then at most
 * {@code max-files-per-run} creation files and one update file to ASP's {@code depot/}, each under its final name. A
 * file whose write a crash interrupted is never written again: the flow shows it until ASP's return file confirms it.
 * One node runs at a time, under the flow's lease, and each slot runs once whichever node sees it first.
 */
@Component
public class AspUploader {

    public record Run(int files, int lines) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(AspUploader.class);
    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("yyyyMMddHHmmss");

    private final AspUploads uploads;
    private final Leadership leadership;
    private final ScheduleSlots slots;
    private final FlowStates flows;
    private final ProducerTemplate producer;
    private final Clock clock;
    private final CronExpression cron;
    private final int maxFiles;
    private final int maxLines;
    private final int maxBytes;
    private final Failpoints failpoints;
    private Instant lastCheck;

    public AspUploader(AspUploads uploads, Leadership leadership, ScheduleSlots slots, FlowStates flows,
                       @Lazy ProducerTemplate producer, Clock clock,
                       @Value("${passerelle.asp.upload-cron}") String cron,
                       @Value("${passerelle.asp.upload.max-files-per-run}") int maxFiles,
                       @Value("${passerelle.asp.upload.max-lines:" + AspFileBuilder.MAX_LINES + "}") int maxLines,
                       @Value("${passerelle.asp.upload.max-bytes:" + AspFileBuilder.MAX_BYTES + "}") int maxBytes,
                       Failpoints failpoints) {
        this.uploads = uploads;
        this.leadership = leadership;
        this.slots = slots;
        this.flows = flows;
        this.producer = producer;
        this.clock = clock;
        this.cron = CronExpression.parse(cron);
        this.maxFiles = maxFiles;
        this.maxLines = Math.min(maxLines, AspFileBuilder.MAX_LINES);
        this.maxBytes = Math.min(maxBytes, AspFileBuilder.MAX_BYTES);
        this.failpoints = failpoints;
    }

    /**
     * Called every few seconds: runs when a slot of the schedule has passed since the previous check, unless another
     * node runs it or ran it already.
     */
    public synchronized Optional<Run> runIfDue() {
        Instant now = clock.instant();
        Optional<Instant> slot = latestSlot(lastCheck == null ? now : lastCheck, now);
        if (slot.isEmpty()) {
            lastCheck = now;
            return Optional.empty();
        }
        Optional<Optional<Run>> led = leadership.lead(AspUploads.FLOW, lease -> slots.take(lease, AspUploads.FLOW, slot.get())
                ? Optional.of(run(lease)) : Optional.<Run>empty());
        // not led: the slot is seen again at the next check, until a node has taken it
        if (led.isPresent()) {
            lastCheck = now;
        }
        return led.flatMap(run -> run);
    }

    /** A run at once, whatever the schedule (ops API); refused while a run is under way on another node. */
    public synchronized Run runNow() {
        return leadership.lead(AspUploads.FLOW, this::run).orElseThrow(() -> Leadership.busy(AspUploads.FLOW));
    }

    /** The latest slot in (from, to]: nodes that checked at different times name a slot alike. */
    private Optional<Instant> latestSlot(Instant from, Instant to) {
        LocalDateTime latest = null;
        LocalDateTime next = cron.next(LocalDateTime.ofInstant(from, ZoneOffset.UTC));
        while (next != null && !next.toInstant(ZoneOffset.UTC).isAfter(to)) {
            latest = next;
            next = cron.next(next);
        }
        return Optional.ofNullable(latest).map(slot -> slot.toInstant(ZoneOffset.UTC));
    }

    private Run run(Leases.Held lease) {
        int files = 0;
        int lines = 0;
        try {
            for (AspUploads.Upload unknown : uploads.unconfirmed()) {
                // PARTNERS §1.2: depot/ cannot be listed, and ASP must never get the same lines twice
                LOG.warn("asp-upload: ALERT {} ({} lines) was being written when the hub stopped: it may or may not be at ASP, "
                        + "so it is not written again; ASP's return file for it will confirm it", unknown.name(), unknown.lines());
                flows.failure(AspUploads.FLOW, unknown.name() + " : écriture interrompue, issue inconnue ; non renvoyé, "
                        + "en attente du fichier retour de l'ASP");
            }
            for (AspUploads.Upload left : uploads.prepared()) {
                LOG.warn("asp-upload: {} was prepared but never written; writing it now", left.name());
                lines += write(lease, left);
                files++;
            }
            for (int i = 0; i < maxFiles; i++) {
                Optional<AspUploads.Upload> creation = uploads.prepare(lease, FicheSalarieFacts.CREATION, nextName(), maxLines, maxBytes);
                if (creation.isEmpty()) {
                    break;
                }
                lines += write(lease, creation.get());
                files++;
            }
            Optional<AspUploads.Upload> update = uploads.prepare(lease, FicheSalarieFacts.UPDATE, nextName(), maxLines, maxBytes);
            if (update.isPresent()) {
                lines += write(lease, update.get());
                files++;
            }
        } catch (Leases.LeaseLost e) {
            throw e;   // not a failure of the flow: the new leader carries on
        } catch (RuntimeException e) {
            flows.failure(AspUploads.FLOW, e.toString());
            throw e;
        }
        flows.success(AspUploads.FLOW, lines, 0);
        return new Run(files, lines);
    }

    private int write(Leases.Held lease, AspUploads.Upload upload) {
        failpoints.reach(AspUploads.FLOW, "prepared");
        if (!uploads.writing(lease, upload)) {
            return 0;   // another node writes it
        }
        try {
            producer.sendBodyAndHeader(AspSftp.depot(), upload.content(), Exchange.FILE_NAME, upload.name());
        } catch (RuntimeException e) {
            uploads.notWritten(upload);
            throw e;
        }
        failpoints.reach(AspUploads.FLOW, "written");
        int sent = uploads.sent(upload);
        LOG.info("asp-upload: {} written to ASP ({} {} lines)", upload.name(), sent, upload.movement());
        return sent;
    }

    /**
     * {@code RIAE_FS_<UTC yyyyMMddHHmmss>.json}, never a name used before: names have a one-second resolution, so after a
     * file of the same second the next one waits for the next second.
     */
    private String nextName() {
        Instant now = clock.instant().truncatedTo(ChronoUnit.SECONDS);
        Instant candidate = now;
        Optional<String> last = uploads.lastName();
        if (last.isPresent()) {
            Instant used = LocalDateTime.parse(last.get().substring(8, 22), STAMP).toInstant(ZoneOffset.UTC);
            if (!candidate.isAfter(used)) {
                candidate = used.plusSeconds(1);
            }
        }
        Duration wait = Duration.between(clock.instant(), candidate);
        // a clock frozen by a test never reaches the next second: never wait more than one second of real time
        if (!wait.isNegative() && wait.compareTo(Duration.ofMillis(1100)) <= 0) {
            try {
                Thread.sleep(wait.toMillis() + 1);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while waiting for the next file name", e);
            }
        }
        return "RIAE_FS_" + STAMP.format(LocalDateTime.ofInstant(candidate, ZoneOffset.UTC)) + ".json";
    }
}
