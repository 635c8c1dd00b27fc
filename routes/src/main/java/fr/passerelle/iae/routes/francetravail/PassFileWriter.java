package fr.passerelle.iae.routes.francetravail;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Instant;
import java.time.LocalDate;
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

import fr.passerelle.iae.routes.DropBox;
import fr.passerelle.iae.registry.BusinessDate;
import fr.passerelle.iae.registry.francetravail.SharedPassFile;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowStates;

/**
 * Flow {@code ft-pass-file}: once a day, after {@code pass-file.at} (Paris time), the PASS issued or changed since
 * the previous file, as {@code pass_iae_<yyyyMMddHHmmss>.csv} in {@code francetravail/pass/} for the agencies.
 */
@Component
public class PassFileWriter {

    public static final String FLOW = "ft-pass-file";
    static final String HEADER = "NUM_PASS_IAE;DATE_DEBUT;DATE_FIN;SIRET;STATUT";
    // the agencies never see a half-written file
    static final String ENDPOINT = DropBox.at("francetravail/pass", "tempFileName=${file:name}.part&fileExist=Fail");

    private final SharedPassFile passes;
    private final ExchangeJournal journal;
    private final FlowStates flows;
    private final ProducerTemplate producer;
    private final LocalTime at;

    public PassFileWriter(SharedPassFile passes, ExchangeJournal journal, FlowStates flows, @Lazy ProducerTemplate producer,
                          @Value("${passerelle.francetravail.pass-file.at}") LocalTime at) {
        this.passes = passes;
        this.journal = journal;
        this.flows = flows;
        this.producer = producer;
        this.at = at;
    }

    /** The daily run: writes today's file once, after the configured time. */
    public Optional<Integer> writeIfDue() {
        Instant now = passes.now();
        LocalDate today = BusinessDate.of(now);
        if (LocalTime.ofInstant(now, BusinessDate.PARIS).isBefore(at) || passes.writtenFor(today)) {
            return Optional.empty();
        }
        return Optional.of(write());
    }

    /** Writes the file of the PASS changed since the previous one; returns its number of lines. */
    public synchronized int write() {
        Instant until = passes.now();
        Instant since = passes.since();
        List<SharedPassFile.Line> lines = passes.changed(since, until);
        StringBuilder csv = new StringBuilder(HEADER).append('\n');
        for (SharedPassFile.Line line : lines) {
            csv.append(line.number()).append(';').append(line.start()).append(';').append(line.end()).append(';')
                    .append(line.siret() == null ? "" : line.siret()).append(';').append(line.status()).append('\n');
        }
        byte[] content = csv.toString().getBytes(StandardCharsets.UTF_8);
        String name = "pass_iae_" + DateTimeFormatter.ofPattern("yyyyMMddHHmmss").format(until.atZone(BusinessDate.PARIS)) + ".csv";
        Optional<UUID> exchange = journal.open(FLOW, AgrementFiles.PARTNER, ExchangeJournal.Direction.OUT, name, sha256(content),
                content.length, null);
        producer.sendBodyAndHeader(ENDPOINT, content, Exchange.FILE_NAME, name);
        exchange.ifPresent(id -> journal.close(id, ExchangeJournal.Status.DONE,
                new ExchangeJournal.Counts(lines.size(), lines.size(), 0, 0), null));
        passes.written(BusinessDate.of(until), since, until, name, lines.size());
        flows.success(FLOW, lines.size(), 0);
        return lines.size();
    }

    private static String sha256(byte[] content) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
