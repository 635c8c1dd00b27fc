package fr.passerelle.iae.routes.faults;

/**
 * What one scenario found, each count meant to be zero: inputs with no outcome at all ({@code lost}), applied with a
 * second effect ({@code appliedTwice}), left half-done for an operator ({@code stuck}: a dead letter, an answer stored
 * but never sent, an event never published), answers 5xx from a node that stayed up or an answer the hub gave
 * ({@code http5xx}), and events of one key seen out of their order ({@code orderInversions}). {@code note} says what
 * was done, for the reader of the table.
 */
record FaultCounts(long lost, long appliedTwice, long stuck, long http5xx, long orderInversions, String note) {

    boolean clean() {
        return lost == 0 && appliedTwice == 0 && stuck == 0 && http5xx == 0 && orderInversions == 0;
    }

    FaultCounts plus(FaultCounts other) {
        return new FaultCounts(lost + other.lost, appliedTwice + other.appliedTwice, stuck + other.stuck,
                http5xx + other.http5xx, orderInversions + other.orderInversions, join(note, other.note));
    }

    FaultCounts withHttp5xx(long more, String about) {
        return new FaultCounts(lost, appliedTwice, stuck, http5xx + more, orderInversions, join(note, about));
    }

    private static String join(String a, String b) {
        return a.isEmpty() ? b : b.isEmpty() ? a : a + "; " + b;
    }
}
