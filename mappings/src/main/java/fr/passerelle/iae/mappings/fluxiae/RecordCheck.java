package fr.passerelle.iae.mappings.fluxiae;

import java.util.List;

import fr.passerelle.iae.mappings.Rejection;

/** What a fluxIAE record becomes: a canonical record, a rejection (reported), or ignored by a rule (counted). */
public sealed interface RecordCheck<T> permits RecordCheck.Accepted, RecordCheck.Rejected, RecordCheck.Ignored {

    record Accepted<T>(T record) implements RecordCheck<T> {
    }

    /** Every fault found in the record, each naming its column and rule. */
    record Rejected<T>(List<Rejection> rejections) implements RecordCheck<T> {
    }

    /** Left out by a rule that says so (EMP-16: measures the hub does not follow). */
    record Ignored<T>(String rule) implements RecordCheck<T> {
    }
}
