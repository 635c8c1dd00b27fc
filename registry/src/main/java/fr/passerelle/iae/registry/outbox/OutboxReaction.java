package fr.passerelle.iae.registry.outbox;

import java.util.List;
import java.util.Set;

import org.apache.avro.specific.SpecificRecord;

/**
 * The one way a domain reacts to another's change: the reacting domain's package declares a bean of this type for the
 * topic it listens to, and the outbox runs it in the transaction that appends the events, after their rows. The change,
 * its events and the reaction commit or roll back together, so a reaction happens exactly once per event without a
 * table of handled event ids, and the domain that emits an event knows nothing of who reacts to it.
 */
public interface OutboxReaction<E extends SpecificRecord> {

    /** The topic ({@link Outbox#PASS_EVENTS}, …) whose events it reacts to. */
    String topic();

    /** The types of those events it reacts to (their {@code type} field). */
    Set<String> types();

    /** Those of the events appended together (one, or a chunk's) that it reacts to, in order. */
    void react(List<E> events);
}
