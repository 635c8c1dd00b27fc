package fr.passerelle.iae.routes.francetravail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalTime;
import java.time.format.DateTimeFormatter;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.routes.ops.Leadership;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.francetravail.SharedPassFile;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.lease.Leases;

/**
 * Flow {@code ft-pass-file}: once a day, after {@code pass-file.at} (Paris time), the PASS issued or changed since
 * the previous file, as {@code pass_iae_<yyyyMMddHHmmss>.csv} in {@code francetravail/pass/} for the agencies.
 * One node writes it, under the flow's lease.
 */
@Component
public class PassFileWriter {

    public static final String FLOW = "ft-pass-file";
    static final String HEADER = "NUM_PASS_IAE;DATE_DEBUT;DATE_FIN;SIRET;STATUT";
    // the agencies never see a half-written file
    static final String ENDPOINT = DropBox.at("francetravail/pass", "tempFileName=${file:name}.part&fileExist=Fail");

    private final SharedPassFile passes;
    private final Leadership leadership;
    private final TransactionTemplate transaction;
    private final ExchangeJournal journal;
    private final FlowStates flows;
    private final ProducerTemplate producer;
    private final LocalTime at;

    public PassFileWriter(SharedPassFile passes, Leadership leadership, PlatformTransactionManager transactions,
                          ExchangeJournal journal, FlowStates flows, @Lazy ProducerTemplate producer,
                          @Value("${passerelle.francetravail.pass-file.at}") LocalTime at) {
        this.passes = passes;
        this.leadership = leadership;
        this.transaction = new TransactionTemplate(transactions);
        this.journal = journal;
        this.flows = flows;
        this.producer = producer;
        this.at = at;
    }

    /** The daily run: writes today's file once, after the configured time, on the node that leads. */
    public synchronized Optional<Integer> writeIfDue() {
        if (!due()) {
            return Optional.empty();
        }
        // read again under the lease: the node that led before may have written it
        return leadership.lead(FLOW, lease -> due() ? Optional.of(write(lease)) : Optional.<Integer>empty()).flatMap(lines -> lines);
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
     * The file of the PASS changed since the previous one, in one transaction: the changes it takes are marked only if
     * the file was written. A crash between the write and the commit leaves them for the next file too: a PASS line is
     * its current state, so sending it twice does no harm, where missing it would.
     */
    private int write(Leases.Held lease) {
        Instant until = passes.now();
        String name = "pass_iae_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(until.atZone(BusinessDate.PARIS)) + ".csv";
        int rows = transaction.execute(status -> {
            List<SharedPassFile.Line> lines = passes.take(name);
            StringBuilder csv = new StringBuilder(HEADER).append('\n');
            for (SharedPassFile.Line line : lines) {
                csv.append(line.number()).append(';').append(line.start()).append(';').append(line.end()).append(';')
                        .append(line.siret() == null ? "" : line.siret()).append(';').append(line.status()).append('\n');
            }
            byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
            // the agencies get no file from a node that lost its lease; the lease stays this node's until the commit
            lease.fence();
            Optional<UUID> exchange = journal.open(FLOW, AgrementFiles.PARTNER, ExchangeJournal.Direction.OUT, name,
                    sha256(content), content.length, null);
            producer.sendBodyAndHeader(ENDPOINT, content, Exchange.FILE_NAME, name);
            exchange.ifPresent(id -> journal.close(id, ExchangeJournal.Status.DONE,
                    new ExchangeJournal.Counts(lines.size(), lines.size(), 0, 0), null));
            passes.written(BusinessDate.of(until), until, name, lines.size());
            return lines.size();
        });
        flows.success(FLOW, rows, 0);
        return rows;
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
