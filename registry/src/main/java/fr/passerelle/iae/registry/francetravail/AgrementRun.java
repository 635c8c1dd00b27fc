package fr.passerelle.iae.registry.francetravail;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import fr.passerelle.iae.registry.journal.ExchangeJournal;

/**
 * What an agréments file did (PARTNERS §3.1): rows read, skipped (LEG-03), rejected (row or root), folded into
 * another row of their root (LEG-04), and roots: linked to their person as a PASS, already stored unchanged, or
 * stored unlinked (LEG-06).
 */
public record AgrementRun(UUID exchangeId, long rows, long skipped, long rejected, long roots, long linked, long unchanged,
                          long unlinked, long merged) {

    /** Every row in exactly one outcome: linked + unlinked + unchanged + merged + skipped + rejected = rows. */
    public Map<String, Long> outcomes() {
        Map<String, Long> outcomes = new LinkedHashMap<>();
        outcomes.put("linked", linked);
        outcomes.put("unlinked", unlinked);
        outcomes.put("unchanged", unchanged);
        outcomes.put("merged", merged);
        outcomes.put("skipped", skipped);
        outcomes.put("rejected", rejected);
        return outcomes;
    }

    /** The journal's counts: an agrément stored, linked or not, is applied; a merged or skipped row changed nothing. */
    public ExchangeJournal.Counts counts() {
        return new ExchangeJournal.Counts((int) rows, (int) (linked + unlinked), (int) (unchanged + merged + skipped), (int) rejected);
    }
}
