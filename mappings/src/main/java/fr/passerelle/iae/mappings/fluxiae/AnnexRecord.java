package fr.passerelle.iae.mappings.fluxiae;

import java.time.LocalDate;

/**
 * A valid row of the {@code AnnexeFinanciere} view (PARTNERS §2.4): the annex of one (ASP structure id, kind).
 *
 * @param kind    the measure without {@code _DC} ({@code ACI}, {@code AI}, {@code EI}, {@code ETTI}, {@code EITI})
 * @param number  full AF number, prefix + {@code A} renewal + {@code M} modification (EMP-13)
 * @param endDate last day the annex covers
 */
public record AnnexRecord(long line, long aspId, String kind, String number, LocalDate startDate, LocalDate endDate,
                          AnnexState state) {

    /** EMP-14: active iff its state is an active one and it still covers today (the end date included). */
    public boolean activeOn(LocalDate today) {
        return state.active() && !endDate.isBefore(today);
    }
}
