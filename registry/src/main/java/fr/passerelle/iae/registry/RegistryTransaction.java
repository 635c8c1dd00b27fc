package fr.passerelle.iae.registry;

import java.util.function.Supplier;

import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * One registry change: a transaction of its own, or a savepoint inside the caller's. A refusal then rolls back
 * the change only, and the caller may still record its idempotent answer in the same transaction.
 */
@Component
public class RegistryTransaction {

    private final TransactionTemplate nested;

    public RegistryTransaction(PlatformTransactionManager transactions) {
        this.nested = new TransactionTemplate(transactions);
        this.nested.setPropagationBehavior(TransactionDefinition.PROPAGATION_NESTED);
    }

    public <T> T run(Supplier<T> change) {
        return nested.execute(status -> change.get());
    }
}
