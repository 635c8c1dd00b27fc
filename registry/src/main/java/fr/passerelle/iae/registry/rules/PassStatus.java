package fr.passerelle.iae.registry.rules;

/** DOMAIN §1.6. Computed from dates by {@link PassDates#status}, never stored. */
public enum PassStatus {
    VALID, FUTURE, SUSPENDED, EXPIRED,
    /** Only for a number found in the cancelled-PASS registry (PASS-53); never computed from dates. */
    CANCELLED;

    /** PASS-40: what PASS-20 and PASS-30 call "current-or-future". */
    public boolean currentOrFuture() {
        return this == VALID || this == FUTURE || this == SUSPENDED;
    }
}
