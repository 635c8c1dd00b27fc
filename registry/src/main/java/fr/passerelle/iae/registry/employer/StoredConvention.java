package fr.passerelle.iae.registry.employer;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;

/** A convention as the registry holds it, with its annexes (EMP-11). */
record StoredConvention(UUID id, long aspId, String kind, String siretSignature, boolean active, Instant deactivatedAt,
                        Instant reactivatedAt, List<AnnexRecord> annexes) {
}
