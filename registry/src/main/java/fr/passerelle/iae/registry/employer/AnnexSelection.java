package fr.passerelle.iae.registry.employer;

import java.time.LocalDate;
import java.util.Collection;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;

/** Which financial annexes count (DOMAIN EMP-15, EMP-17). */
final class AnnexSelection {

    private AnnexSelection() {
    }

    /** EMP-15: one annex per number: the active one; else one with an active state and the latest end; else the latest end. */
    static List<AnnexRecord> onePerNumber(Collection<AnnexRecord> rows, LocalDate today) {
        Map<String, AnnexRecord> kept = new LinkedHashMap<>();
        for (AnnexRecord row : rows) {
            kept.merge(row.number(), row, (a, b) -> preferred(a, b, today));
        }
        return List.copyOf(kept.values());
    }

    /** EMP-17: the active annex if any (the latest ending), else the one with the latest end. */
    static Optional<AnnexRecord> best(Collection<AnnexRecord> annexes, LocalDate today) {
        Comparator<AnnexRecord> order = Comparator.comparing((AnnexRecord a) -> a.activeOn(today))
                .thenComparing(AnnexRecord::endDate);
        return annexes.stream().max(order);
    }

    private static AnnexRecord preferred(AnnexRecord a, AnnexRecord b, LocalDate today) {
        Comparator<AnnexRecord> order = Comparator.comparing((AnnexRecord x) -> x.activeOn(today))
                .thenComparing(x -> x.state().active())
                .thenComparing(AnnexRecord::endDate);
        return order.compare(b, a) > 0 ? b : a;
    }
}
