package fr.passerelle.iae.registry.journal;

import java.util.Map;
import java.util.UUID;

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

    ExchangeRun(String flow, Entry entry, ExchangeJournal journal, Leases.Held claim, Failpoints failpoints,
                TransactionTemplate transaction) {
        this.flow = flow;
        this.entry = entry;
        this.journal = journal;
        this.claim = claim;
        this.failpoints = failpoints;
        this.transaction = transaction;
    }

    public UUID id() {
        return entry.id();
    }

    /** Whether an earlier run (a crashed node, a lost claim) began this unit: then apply after {@link #checkpoint()}. */
    public boolean resumed() {
        return entry.status() == Status.PROCESSING;
    }

    /** The flow's position (a line, a staged row id) up to which the unit was applied; 0 when new. */
    public long checkpoint() {
        return entry.checkpoint();
    }

    /** Records applied and rejected so far by the chunks already committed, for a resumed unit's counts. */
    public Counts tally() {
        return entry.counts();
    }

    /**
     * One chunk in one transaction, fenced by the claim: the step's writes, then the checkpoint and the running tally.
     * A step that throws rolls the whole chunk back.
     *
     * @param checkpoint where the unit stands once this chunk is committed
     */
    public <T, E extends Exception> T chunk(long checkpoint, int applied, int rejected, Step<T, E> step) throws E {
        T result = inTransaction(() -> {
            T value = step.apply();
            journal.progress(id(), checkpoint, applied, rejected);
            return value;
        });
        failpoints.reach(flow, "chunk");
        return result;
    }

    /** A chunk that moves no count. */
    public <T, E extends Exception> T chunk(long checkpoint, Step<T, E> step) throws E {
        return chunk(checkpoint, 0, 0, step);
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

    /** The last step, then the journal closed DONE with what it returns: one transaction. */
    public <E extends Exception> Closing done(Step<Closing, E> last) throws E {
        Closing closing = inTransaction(() -> {
            Closing value = last.apply();
            journal.close(id(), Status.DONE, value.counts(), value.outcomes(), value.note());
            return value;
        });
        failpoints.reach(flow, "closed");
        return closing;
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
