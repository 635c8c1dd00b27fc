package fr.passerelle.iae.mappings.sirene;

import fr.passerelle.iae.mappings.Rejection;

/** A stock file refused whole before any row is applied: its header lacks columns the hub reads (PARTNERS §4.2). */
public class StockRefusal extends Exception {

    private final transient Rejection rejection;

    public StockRefusal(Rejection rejection) {
        super(rejection.code() + ": " + rejection.message(), null, false, false);
        this.rejection = rejection;
    }

    public Rejection rejection() {
        return rejection;
    }
}
