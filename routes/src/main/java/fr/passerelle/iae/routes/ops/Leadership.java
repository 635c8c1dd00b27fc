package fr.passerelle.iae.routes.ops;

import java.util.Optional;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.registry.lease.Leases;

/**
 * ARCHITECTURE, scale-out: a scheduled partner exchange runs on one hub node at a time. Each cycle runs under the lease
 * {@code leader:<flow>}, taken at its start and given up at its end; a node that does not get it skips its tick. The
 * cycle fences its commits with the lease it is given, so a node that paused past its lease commits nothing more.
 */
@Component
public class Leadership {

    private static final Logger LOG = LoggerFactory.getLogger(Leadership.class);

    private final Leases leases;
    private final TransactionTemplate outside;

    public Leadership(Leases leases, PlatformTransactionManager transactions) {
        this.leases = leases;
        this.outside = new TransactionTemplate(transactions);
        // out of any caller's transaction, whoever calls: the lease row taken must not stay locked until a caller commits
        // (the cycle's own fenced commits would wait for it), and the cycle's commits are its own
        this.outside.setPropagationBehavior(TransactionDefinition.PROPAGATION_NOT_SUPPORTED);
    }

    /** The name of the lease of a flow's cycles. */
    public static String lease(String flow) {
        return "leader:" + flow;
    }

    /**
     * Runs one cycle of {@code flow} under its lease; empty when another cycle holds the lease (on another node, or on
     * this one) or when the cycle lost it midway, what it had not committed then left to the lease's new holder.
     */
    public <T> Optional<T> lead(String flow, Function<Leases.Held, T> cycle) {
        return outside.execute(status -> {
            Optional<Leases.Held> lease = leases.acquire(lease(flow));
            if (lease.isEmpty()) {
                LOG.debug("{}: another cycle holds the lease, tick skipped", flow);
                return Optional.<T>empty();
            }
            try (Leases.Held held = lease.get()) {
                return Optional.of(cycle.apply(held));
            } catch (Leases.LeaseLost e) {
                LOG.warn("{}: lease lost during the cycle, which stopped before its next commit", flow);
                return Optional.<T>empty();
            }
        });
    }

    /** What an operator's run of a flow ends with when a cycle is under way, on another node or on this one. */
    public static IllegalStateException busy(String flow) {
        return new IllegalStateException("Le flux " + flow + " est en cours sur un nœud du hub ; le relancer une fois ce cycle terminé.");
    }
}
