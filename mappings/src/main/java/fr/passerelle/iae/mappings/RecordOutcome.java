package fr.passerelle.iae.mappings;

import java.util.List;

/**
 * What one line or record of a partner file became: a record to apply, a reject to journal, or a row a rule leaves
 * out (counted, never reported). Each carries its line so that the journal and the checkpoint can point at it.
 */
public sealed interface RecordOutcome<T> permits RecordOutcome.Accepted, RecordOutcome.Rejected, RecordOutcome.Skipped {

    /** 1-based physical line where the record starts; header lines (and fluxIAE's {@code DEB}) count. */
    long line();

    record Accepted<T>(long line, T record) implements RecordOutcome<T> {
    }

    /**
     * @param rejections every fault found, each naming its field and rule: a fluxIAE record reports them all, the
     *                   other readers stop at the first
     * @param value      the offending value as journalled, masked when personal (ID-10; SIRENE data is public, nothing
     *                   to mask); null when there is none (a row that could not be split, a missing name), and for
     *                   fluxIAE, whose staging reads each fault's value from the column it names
     */
    record Rejected<T>(long line, List<Rejection> rejections, String value) implements RecordOutcome<T> {

        public Rejected {
            rejections = List.copyOf(rejections);
        }

        public Rejected(long line, Rejection rejection, String value) {
            this(line, List.of(rejection), value);
        }

        /** The same reject, for a reader whose records are of another type: a reject carries no record. */
        public <U> Rejected<U> of() {
            return new Rejected<>(line, rejections, value);
        }
    }

    /**
     * Left out by a rule that says so: EMP-16 (a measure the hub does not follow), LEG-03 (start = end, a cancelled
     * agrément).
     *
     * @param detail what the rule looked at (the measure, the agrément root), for logs and tests; null when absent
     */
    record Skipped<T>(long line, String rule, String detail) implements RecordOutcome<T> {
    }
}
