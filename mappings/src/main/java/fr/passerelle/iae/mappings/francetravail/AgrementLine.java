package fr.passerelle.iae.mappings.francetravail;

import fr.passerelle.iae.mappings.Rejection;

/** What one data line of the agréments file gives: a row to merge, a skipped cancelled row (LEG-03), or a reject. */
public sealed interface AgrementLine permits AgrementLine.Valid, AgrementLine.Skipped, AgrementLine.Rejected {

    long line();

    record Valid(AgrementRow row) implements AgrementLine {
        @Override
        public long line() {
            return row.line();
        }
    }

    record Skipped(long line, String root) implements AgrementLine {
    }

    /** @param maskedValue the offending value, masked when personal (ID-10) */
    record Rejected(long line, Rejection rejection, String maskedValue) implements AgrementLine {
    }
}
