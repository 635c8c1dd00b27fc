package fr.passerelle.iae.routes;

import java.io.File;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FileFailures;
import fr.passerelle.iae.registry.journal.FlowStates;

/**
 * Rule {@code FILE-03} of the drop boxes: a file the hub fails on (not a refusal, those are answered: a fault while
 * reading or applying it) stays and is taken again at the next poll; after {@code passerelle.files.quarantine-after}
 * failures in a row it is moved to {@code quarantine/} beside its drop box, journalled REFUSED with the rule and the
 * last error, and no longer downloaded at every poll nor held in front of the files behind it.
 *
 * <p>A route takes part by moving its files to {@link #MOVE_TO} ({@code move=${header.PasserelleMoveTo}}), set by
 * {@link #guard} to its usual destination, or to the quarantine.
 */
@Component
public class FileQuarantine {

    public static final String MOVE_TO = "PasserelleMoveTo";
    public static final String RULE = "FILE-03";
    private static final Logger LOG = LoggerFactory.getLogger(FileQuarantine.class);

    /** Not a failure: the file waits in its drop box for something else (a sibling file) and is taken again. */
    public static class Postponed extends RuntimeException {
        public Postponed(String message) {
            super(message, null, false, false);
        }
    }

    /** The work on one file; may fail. */
    @FunctionalInterface
    public interface Work {
        void run() throws Exception;
    }

    private final FileFailures failures;
    private final ExchangeJournal journal;
    private final FlowStates flows;
    private final EvidenceStore store;
    private final int after;

    public FileQuarantine(FileFailures failures, ExchangeJournal journal, FlowStates flows, EvidenceStore store,
                          @Value("${passerelle.files.quarantine-after:3}") int after) {
        this.failures = failures;
        this.journal = journal;
        this.store = store;
        this.flows = flows;
        this.after = after;
    }

    /**
     * FILE-03 in a partner's folder that the hub may not rearrange (ASP's {@code retrait/}): a file refused at every poll
     * stays where it is, and once refused {@code quarantine-after} times in a row it is journalled with the rule and no
     * longer downloaded ({@link #heldBack}) until it changes.
     */
    public void refusedInPlace(String flow, String partner, String name, Path file, String reason) throws java.io.IOException {
        long size = java.nio.file.Files.size(file);
        int count = failures.failed(flow, name, size, reason);
        if (count == after) {
            String why = RULE + " laissé sur le serveur et plus téléchargé après " + count + " refus de suite ; dernier : " + reason;
            journal.quarantined(flow, partner, name, store.keep(partner, List.of(file)), why);
            flows.failure(flow, name + " : " + why);
            LOG.warn("{}: {} refused {} times in a row: left in place and no longer downloaded (FILE-03)", flow, name, count);
        }
    }

    /** A file {@link #refusedInPlace} too often: the consumer no longer takes it. */
    public boolean heldBack(String flow, String name, long size) {
        return failures.count(flow, name, size) >= after;
    }

    /** The file went through: its count of refusals starts again. */
    public void passed(String flow, String name, long size) {
        failures.forget(flow, name, size);
    }

    /**
     * The exchange's file was processed before (its journal entry is closed: a re-delivery, a node that died after closing
     * it, or another node that is moving it away at this very moment): it goes beside the processed copy under a name of
     * its own, {@code <done>.again-<random>}. Never onto the processed copy's name: camel-ftp deletes the target of a move
     * before renaming, so when two nodes move the same file, the second would delete the first's copy and then find no
     * file to rename.
     */
    public static void alreadyProcessed(Exchange exchange) {
        String done = exchange.getMessage().getHeader(MOVE_TO, String.class);
        if (done != null) {
            exchange.getMessage().setHeader(MOVE_TO, done + ".again-" + java.util.UUID.randomUUID().toString().substring(0, 8));
        }
    }

    /**
     * Runs the work on the exchange's file, whose route moves it to {@code done} afterwards. A failure is thrown on
     * (the file stays, taken again next poll) until the last one allowed: then the file goes to quarantine.
     */
    public void guard(Exchange exchange, String flow, String partner, String done, Work work) throws Exception {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        long size = exchange.getMessage().getHeader(Exchange.FILE_LENGTH, 0L, Long.class);
        exchange.getMessage().setHeader(MOVE_TO, done);
        try {
            work.run();
            failures.forget(flow, name, size);
        } catch (Postponed waiting) {
            throw waiting;
        } catch (Exception e) {
            String error = e.getClass().getSimpleName() + ": " + e.getMessage();
            int count = failures.failed(flow, name, size, error);
            if (count < after) {
                throw e;
            }
            String why = RULE + " mis en quarantaine après " + count + " échecs de suite ; dernier : " + error;
            journal.quarantined(flow, partner, name, store.keep(partner, List.of(exchange.getMessage().getBody(File.class).toPath())),
                    why);
            flows.failure(flow, name + " : " + why);
            failures.forget(flow, name, size);
            exchange.getMessage().setHeader(MOVE_TO, "quarantine/" + name);
            LOG.warn("{}: {} moved to quarantine/ after {} failures in a row (FILE-03)", flow, name, count, e);
        }
    }
}
