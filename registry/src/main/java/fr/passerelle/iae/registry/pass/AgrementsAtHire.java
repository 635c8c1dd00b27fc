package fr.passerelle.iae.registry.pass;

import fr.passerelle.iae.registry.person.Person;

/**
 * LEG-07: the France Travail agréments stored before the hired person was known become their PASS (or their waiting
 * period) before the hire's PASS is decided. Declared here and implemented by the agréments' package, which builds on
 * this one: the issuance asks, it does not depend on how agréments are kept.
 */
public interface AgrementsAtHire {

    /** In the hire's transaction, under the identity lock it holds. */
    void linkAtHire(Person person);
}
