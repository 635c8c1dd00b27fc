package fr.passerelle.iae.registry.employer;

import java.time.Instant;
import java.util.UUID;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;

/** The registry changes one delivery decides, in the order of a chunk (StructureUpdate writes, ConventionStore applies). */
interface ConventionChanges {

    void insertConvention(UUID id, long aspId, String kind, String siretSignature, boolean active, Instant deactivatedAt);

    void updateConvention(UUID id, String siretSignature, boolean active, Instant deactivatedAt);

    void putAnnex(UUID conventionId, AnnexRecord annex);

    void deleteAnnex(UUID conventionId, String number);

    void insertEmployer(UUID id, String siret, String kind, long aspId, UUID conventionId, EmployerDetails details);

    /** EMP-24: an employer registered by a PASS request becomes the structure's own. */
    void attachEmployer(UUID id, long aspId, UUID conventionId, EmployerDetails details, Instant deactivatedAt);

    void updateDetails(UUID id, EmployerDetails details);

    void changeSiret(UUID id, String previousSiret, String siret);

    /** Every employer of the convention (mother and antennas) takes its deactivation time; null reactivates them. */
    void employersDeactivatedAt(UUID conventionId, Instant deactivatedAt);

    void event(EmployerEvent event);

    void reject(long line, Rejection rejection, String value);
}
