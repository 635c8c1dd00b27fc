package fr.passerelle.iae.registry.lease;

import java.sql.Timestamp;
import java.time.Instant;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.TransactionDefinition;
import org.springframework.transaction.support.TransactionTemplate;

/**
 * The slots of a schedule already run, across the hub nodes: each node sees a slot pass on its own clock, at its own
 * check; the leader's lease makes their runs one at a time, and this record makes the slot run once.
 */
@Component
public class ScheduleSlots {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;

    public ScheduleSlots(JdbcClient jdbc, PlatformTransactionManager transactions) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.transaction.setPropagationBehavior(TransactionDefinition.PROPAGATION_REQUIRES_NEW);
    }

    /** Takes {@code slot} of {@code schedule} for a run under {@code lease}; false when it, or a later one, was taken. */
    public boolean take(Leases.Held lease, String schedule, Instant slot) {
        return Boolean.TRUE.equals(transaction.execute(status -> {
            lease.fence();
            return jdbc.sql("""
                    INSERT INTO schedule_slot AS s (schedule, slot) VALUES (?, ?)
                    ON CONFLICT (schedule) DO UPDATE SET slot = excluded.slot WHERE s.slot < excluded.slot""")
                    .params(schedule, Timestamp.from(slot)).update() == 1;
        }));
    }
}
