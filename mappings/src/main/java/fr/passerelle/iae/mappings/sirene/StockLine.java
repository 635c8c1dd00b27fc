package fr.passerelle.iae.mappings.sirene;

import fr.passerelle.iae.mappings.Rejection;

/** One row of a stock file the hub cares about: a record, or the reason it was rejected, with its line. */
public sealed interface StockLine<T> permits StockLine.Kept, StockLine.Rejected {

    long line();

    record Kept<T>(long line, T record) implements StockLine<T> {
    }

    /** @param value the offending value (SIRENE data is public: nothing to mask), null when the row could not be split */
    record Rejected<T>(long line, Rejection rejection, String value) implements StockLine<T> {
    }
}
