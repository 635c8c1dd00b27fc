package fr.passerelle.iae.routes.faults;

/** One fault scenario of the suite: a name for its row, and what it does, ending with what it counted. */
record Scenario(String name, Action action) {

    @FunctionalInterface
    interface Action {
        FaultCounts run() throws Exception;
    }
}
