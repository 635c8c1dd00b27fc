package fr.passerelle.iae.mappings.sirene;

import java.time.LocalDate;
import java.time.LocalDateTime;

/** A {@code StockEtablissementLiensSuccession} row (PARTNERS §4.3). */
public record SuccessionRecord(String predecessor, String successor, LocalDate date, boolean headOfficeTransfer,
                               boolean economicContinuity, LocalDateTime processedAt) {

    /** EMP-04: same company iff same SIREN. */
    public boolean sameSiren() {
        return predecessor.regionMatches(0, successor, 0, 9);
    }
}
