package fr.passerelle.iae.registry.journal;

import java.util.Map;
import java.util.UUID;
import java.util.function.Function;

import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Counts;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Entry;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Status;
import fr.passerelle.iae.registry.lease.Leases;

/**
 * One inbound unit claimed by this node ({@link ExchangeRuns#receive}). Every write goes through {@link #chunk}: one
 * transaction holding the flow's changes, their outbox events, the rejects and the checkpoint, committed only while
 * the claim is this node's. A node that lost its claim (paused past its lease) gets {@link Leases.LeaseLost} and stops
 * before its next chunk; the node that took the unit over resumes it at the last committed checkpoint.
 */
public final class ExchangeRun implements AutoCloseable {

    /** A step of the flow inside a chunk's transaction. */
    @FunctionalInterface
    public interface Step<T, E extends Exception> {
        T apply() throws E;
    }

    /** What the last step leaves: the counts and the note the journal closes with. */
    public record Closing(Counts counts, Map<String, Long> outcomes, String note) {
        public Closing(Counts counts, String note) {
            this(counts, Map.of(), note);
        }
    }

    private final String flow;
    private final Entry entry;
    private final ExchangeJournal journal;
    private final Leases.Held claim;
    private final Failpoints failpoints;
    private final TransactionTemplate transaction;
    private long checkpoint;

    ExchangeRun(String flow, Entry entry, ExchangeJournal journal, Leases.Held claim, Failpoints failpoints,
                TransactionTemplate transaction) {
        this.flow = flow;
        this.entry = entry;
        this.journal = journal;
        this.claim = claim;
        this.failpoints = failpoints;
        this.transaction = transaction;
        this.checkpoint = entry.checkpoint();
    }

    public UUID id() {
        return entry.id();
    }

    public String sha256() {
        return entry.sha256();
    }

    /** Whether an earlier run (a crashed node, a lost claim) began this unit: then apply after {@link #checkpoint()}. */
    public boolean resumed() {
        return entry.status() == Status.PROCESSING;
    }

    /** The flow's position (a line, a staged row id) up to which the unit is applied: 0 when new. */
    public long checkpoint() {
        return checkpoint;
    }

    /** Records applied and rejected so far by the chunks already committed, for a resumed unit's counts. */
    public Counts tally() {
        return entry.counts();
    }

    /**
     * One chunk in one transaction, fenced by the claim: the step's writes, then the checkpoint. A step that throws
     * rolls the whole chunk back.
     *
     * @param checkpoint where the unit stands once this chunk is committed (may stay where it is, for a step after the
     *                   last record)
     */
    public <T, E extends Exception> T chunk(long checkpoint, Step<T, E> step) throws E {
        T result = inTransaction(() -> {
            T value = step.apply();
            journal.progress(id(), checkpoint);
            return value;
        });
        this.checkpoint = checkpoint;
        failpoints.reach(flow, "chunk");
        return result;
    }

    /** Adds to the running tally of the unit's records (call inside {@link #chunk}): what a resumed run starts from. */
    public void count(int applied, int rejected) {
        journal.count(id(), applied, rejected);
    }

    /** Keeps a rejected record of the chunk being applied (call inside {@link #chunk}). */
    public void reject(Long line, Rejection rejection, String maskedValue) {
        journal.reject(id(), line, rejection, maskedValue);
    }

    /** The unit refused whole by its rule; what the chunks before applied stays applied. */
    public void refuse(Long line, Rejection rejection) {
        inTransaction(() -> {
            journal.refused(id(), line, rejection);
            return null;
        });
    }

    /** The last step, then the journal closed DONE with what {@code closing} makes of its result: one transaction. */
    public <T, E extends Exception> T done(Step<T, E> last, Function<T, Closing> closing) throws E {
        T result = inTransaction(() -> {
            T value = last.apply();
            Closing close = closing.apply(value);
            journal.close(id(), Status.DONE, close.counts(), close.outcomes(), close.note());
            return value;
        });
        failpoints.reach(flow, "closed");
        return result;
    }

    @SuppressWarnings("unchecked")
    private <T, E extends Exception> T inTransaction(Step<T, E> step) throws E {
        try {
            return transaction.execute(status -> {
                claim.fence();
                try {
                    return step.apply();
                } catch (RuntimeException e) {
                    throw e;
                } catch (Exception e) {
                    throw new Checked(e);
                }
            });
        } catch (Checked wrapped) {
            throw (E) wrapped.getCause();
        }
    }

    /** Carries the step's checked exception out of the transaction, which it rolls back. */
    private static final class Checked extends RuntimeException {
        Checked(Exception cause) {
            super(cause);
        }
    }

    /** Frees the claim: the unit is closed, or left at its checkpoint for whoever takes it next. */
    @Override
    public void close() {
        claim.close();
    }
}
