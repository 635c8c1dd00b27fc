package fr.passerelle.iae.routes;

import java.io.File;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

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
    private final int after;

    public FileQuarantine(FileFailures failures, ExchangeJournal journal, FlowStates flows,
                          @Value("${passerelle.files.quarantine-after:3}") int after) {
        this.failures = failures;
        this.journal = journal;
        this.flows = flows;
        this.after = after;
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
            journal.quarantined(flow, partner, name, exchange.getMessage().getBody(File.class).toPath(), why);
            flows.failure(flow, name + " : " + why);
            failures.forget(flow, name, size);
            exchange.getMessage().setHeader(MOVE_TO, "quarantine/" + name);
            LOG.warn("{}: {} moved to quarantine/ after {} failures in a row (FILE-03)", flow, name, count, e);
        }
    }
}
