package fr.passerelle.iae.registry.francetravail;

import java.util.UUID;

/**
 * What an agréments file did (PARTNERS §3.1): rows read, skipped (LEG-03), rejected (row or root), roots
 * merged, and of those linked to their person as a PASS, already stored unchanged, or left unlinked (LEG-06).
 */
public record AgrementRun(UUID exchangeId, long rows, long skipped, long rejected, long roots, long linked, long unchanged,
                          long unlinked) {
}
