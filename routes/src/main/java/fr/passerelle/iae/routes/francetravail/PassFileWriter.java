package fr.passerelle.iae.routes.francetravail;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.routes.ops.Leadership;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.francetravail.SharedPassFile;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.Failpoints;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.lease.Leases;

/**
 * Flow {@code ft-pass-file}: once a day, after {@code pass-file.at} (Paris time), the PASS issued or changed since
 * the previous file, as {@code pass_iae_<yyyyMMddHHmmss>.csv} in {@code francetravail/pass/} for the agencies.
 * One node writes it, under the flow's lease.
 */
@Component
public class PassFileWriter {

    public static final String FLOW = FlowCatalogue.FT_PASS_FILE.id();
    static final String HEADER = "NUM_PASS_IAE;DATE_DEBUT;DATE_FIN;SIRET;STATUT";
    private static final Logger LOG = LoggerFactory.getLogger(PassFileWriter.class);
    // the agencies never see a half-written file
    // a file written again after a crash has the same name and bytes: it replaces itself
    static final String ENDPOINT = DropBox.at("francetravail/pass", "tempFileName=${file:name}.part&fileExist=Override");

    private final SharedPassFile passes;
    private final Leadership leadership;
    private final TransactionTemplate transaction;
    private final ExchangeJournal journal;
    private final EvidenceStore store;
    private final FlowStates flows;
    private final ProducerTemplate producer;
    private final LocalTime at;
    private final Failpoints failpoints;

    public PassFileWriter(SharedPassFile passes, Leadership leadership, PlatformTransactionManager transactions,
                          ExchangeJournal journal, EvidenceStore store, FlowStates flows, @Lazy ProducerTemplate producer,
                          @Value("${passerelle.francetravail.pass-file.at}") LocalTime at, Failpoints failpoints) {
        this.passes = passes;
        this.leadership = leadership;
        this.transaction = new TransactionTemplate(transactions);
        this.journal = journal;
        this.store = store;
        this.flows = flows;
        this.producer = producer;
        this.at = at;
        this.failpoints = failpoints;
    }

    /** The daily run: writes today's file once, after the configured time, on the node that leads; or a file left PREPARED. */
    public synchronized Optional<Integer> writeIfDue() {
        if (!due() && passes.unwritten().isEmpty()) {
            return Optional.empty();
        }
        // read again under the lease: the node that led before may have written it
        return leadership.lead(FLOW, lease -> due() || passes.unwritten().isPresent() ? Optional.of(write(lease))
                : Optional.<Integer>empty()).flatMap(lines -> lines);
    }

    private boolean due() {
        Instant now = passes.now();
        return !LocalTime.ofInstant(now, BusinessDate.PARIS).isBefore(at) && !passes.writtenFor(BusinessDate.of(now));
    }

    /** A file at once (ops API); refused while another node writes one. Returns its number of lines. */
    public synchronized int write() {
        return leadership.lead(FLOW, this::write).orElseThrow(() -> Leadership.busy(FLOW));
    }

    /**
     * The file of the PASS changed since the previous one: its changes taken and its bytes kept in one transaction
     * (PREPARED), then written, then said WRITTEN. A node that dies in between leaves the file PREPARED: the next run
     * writes it again, same name, same bytes, before anything else, so that every change is in exactly one file.
     */
    private int write(Leases.Held lease) {
        Optional<SharedPassFile.Prepared> left = passes.unwritten();
        if (left.isPresent()) {
            LOG.warn("{}: {} was prepared by a run that did not finish; written now", FLOW, left.get().name());
            deliver(lease, left.get());
        }
        Instant until = passes.now();
        LocalDate day = BusinessDate.of(until);
        if (left.isPresent() && left.get().day().equals(day)) {
            flows.success(FLOW, left.get().rows(), 0);
            return left.get().rows();
        }
        String name = nameFor(until);
        SharedPassFile.Prepared file = transaction.execute(status -> {
            List<SharedPassFile.Line> lines = passes.take(name);
            StringBuilder csv = new StringBuilder(HEADER).append('\n');
            for (SharedPassFile.Line line : lines) {
                csv.append(line.number()).append(';').append(line.start()).append(';').append(line.end()).append(';')
                        .append(line.siret() == null ? "" : line.siret()).append(';').append(line.status()).append('\n');
            }
            SharedPassFile.Prepared prepared = new SharedPassFile.Prepared(day, name, csv.toString().getBytes(StandardCharsets.UTF_8),
                    lines.size());
            // the changes go to no file of a node that lost its lease; the lease stays this node's until the commit
            lease.fence();
            passes.prepared(prepared, until);
            return prepared;
        });
        failpoints.reach(FLOW, "prepared");
        deliver(lease, file);
        flows.success(FLOW, file.rows(), 0);
        return file.rows();
    }

    /**
     * {@code pass_iae_<Paris yyyyMMddHHmmss>.csv}, never the name of an earlier file: a second file in the same second (a
     * run on demand right after another) would replace the first in the drop box, and its changes with it.
     */
    private String nameFor(Instant until) {
        Instant at = until;
        String name;
        while (passes.named(name = "pass_iae_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(at.atZone(BusinessDate.PARIS)) + ".csv")) {
            at = at.plusSeconds(1);
        }
        return name;
    }

    /** Writes a prepared file (again, after a crash: the same bytes under the same name) and says it WRITTEN. */
    private void deliver(Leases.Held lease, SharedPassFile.Prepared file) {
        lease.fence();   // a node that lost its lease leaves the file to the new leader
        producer.sendBodyAndHeader(ENDPOINT, file.content(), Exchange.FILE_NAME, file.name());
        failpoints.reach(FLOW, "written");
        EvidenceStore.Kept kept = store.keep(AgrementFiles.PARTNER, file.content());
        transaction.executeWithoutResult(status -> {
            Optional<UUID> exchange = journal.open(FLOW, AgrementFiles.PARTNER, ExchangeJournal.Direction.OUT, file.name(),
                    kept.sha256(), kept.size(), null);
            exchange.ifPresent(id -> journal.close(id, ExchangeJournal.Status.DONE,
                    new ExchangeJournal.Counts(file.rows(), file.rows(), 0, 0), null));
            passes.written(file.name());
        });
    }

}
