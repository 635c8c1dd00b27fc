package fr.passerelle.iae.registry.journal;

import java.util.Optional;
import java.util.UUID;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.evidence.EvidenceLeaf;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Direction;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Entry;
import fr.passerelle.iae.registry.journal.ExchangeJournal.Status;
import fr.passerelle.iae.registry.lease.Leases;

/**
 * The skeleton of every inbound file (ARCHITECTURE steps 1–5): journal it by checksum, claim it, resume it at its
 * checkpoint, apply it chunk by chunk, close it. A flow supplies its own reading and applying; what makes a unit
 * applied once whatever the crashes and the nodes is here: the claim (a {@link Leases lease} named after the
 * exchange) and each chunk's commit fenced by it.
 */
@Component
public class ExchangeRuns {

    /** What receiving a unit gives: a run to carry out, or nothing to do. */
    public sealed interface Start permits Claimed, Finished, HeldElsewhere {
    }

    /** This node holds the unit: new, or resumed at its checkpoint. Close the run when done with it. */
    public record Claimed(ExchangeRun run) implements Start {
    }

    /** Same content already journalled and closed (a re-delivery): acknowledged, not applied again. */
    public record Finished(UUID exchange, Status status) implements Start {
    }

    /** Another live node is applying it: the file stays where it is and is offered again later. */
    public record HeldElsewhere(UUID exchange) implements Start {
    }

    private final ExchangeJournal journal;
    private final Leases leases;
    private final Failpoints failpoints;
    private final TransactionTemplate transaction;

    public ExchangeRuns(ExchangeJournal journal, Leases leases, Failpoints failpoints, PlatformTransactionManager transactions) {
        this.journal = journal;
        this.leases = leases;
        this.failpoints = failpoints;
        this.transaction = new TransactionTemplate(transactions);
        // the run owns its commits, whoever calls: a chunk is durable when it says so, not when a caller's transaction ends
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /**
     * Journals and claims an inbound unit.
     *
     * @param retakeRefused whether a unit refused before is taken again when offered again (its old rejects dropped):
     *                      for a flow whose refusals depend on the registry's state, not on the bytes alone
     */
    public Start receive(String flow, String partner, String name, String sha256, long size, boolean retakeRefused) {
        return receive(flow, partner, name, sha256, size, retakeRefused, null);
    }

    /** @param answers the unit this one answers (an ASP return file: its upload), named in its evidence leaf; or null */
    public Start receive(String flow, String partner, String name, String sha256, long size, boolean retakeRefused,
                         EvidenceLeaf.Answered answers) {
        Optional<UUID> opened = journal.open(flow, partner, Direction.IN, name, sha256, size, null, answers);
        UUID id = opened.or(() -> journal.find(flow, Direction.IN, sha256).map(Entry::id)).orElseThrow();
        Optional<Leases.Held> claim = leases.acquire("exchange:" + id);
        if (claim.isEmpty()) {
            return new HeldElsewhere(id);
        }
        // read under the claim: a node that held it may have closed it in between
        Entry entry = journal.get(id);
        boolean refused = entry.status() == Status.REFUSED;
        if (entry.status() == Status.DONE || entry.status() == Status.FAILED || refused && !retakeRefused) {
            claim.get().close();
            return new Finished(id, entry.status());
        }
        ExchangeRun run = new ExchangeRun(flow, entry, journal, claim.get(), failpoints, transaction);
        if (refused) {
            run.chunk(0, () -> {
                journal.reopen(id);
                return null;
            });
        }
        failpoints.reach(flow, "received");
        return new Claimed(run);
    }
}
