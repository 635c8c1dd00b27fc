package fr.passerelle.iae.registry.employer;

import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.UUID;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.mappings.fluxiae.StructureRecord;
import fr.passerelle.iae.registry.BusinessDate;

/**
 * What one ASP structure of a delivery changes in the registry (DOMAIN EMP-15…EMP-35): its conventions per kind,
 * their annexes, activity and the employer known to ASP. Pure: the stored state comes in, the changes go out.
 */
final class StructureUpdate {

    /** EMP-33: a convention reactivated by support staff less than this ago is not deactivated by an import. */
    static final Duration MANUAL_REACTIVATION = Duration.ofDays(90);

    /** The import as a whole: its business date, its time (EMP-31) and whether deactivations apply (EMP-34). */
    record Context(LocalDate today, Instant now, boolean deactivationsAllowed) {
    }

    /** What the structure's rows became, for the journal counts. */
    record Outcome(boolean structureChanged, boolean structureRejected, int annexesApplied, int deactivations) {
    }

    private final Context context;
    private final ConventionChanges changes;
    private final Map<String, StoredEmployer> bySiretAndKind;

    /** @param bySiretAndKind employers whose SIRET is the current SIRET of a structure of the chunk, keyed siret + kind */
    StructureUpdate(Context context, ConventionChanges changes, Map<String, StoredEmployer> bySiretAndKind) {
        this.context = context;
        this.changes = changes;
        this.bySiretAndKind = bySiretAndKind;
    }

    /**
     * @param structure   the structure's valid row, or null when the delivery no longer has it
     * @param rows        its valid annex rows
     * @param conventions its stored conventions by kind
     * @param mothers     the employer known to ASP of each stored convention, by convention id
     */
    Outcome apply(long aspId, StructureRecord structure, List<AnnexRecord> rows, Map<String, StoredConvention> conventions,
                  Map<UUID, StoredEmployer> mothers) {
        Map<String, List<AnnexRecord>> byKind = new HashMap<>();
        rows.forEach(row -> byKind.computeIfAbsent(row.kind(), k -> new java.util.ArrayList<>()).add(row));
        TreeSet<String> kinds = new TreeSet<>(byKind.keySet());
        kinds.addAll(conventions.keySet());
        boolean changed = false;
        boolean rejected = false;
        int annexesApplied = 0;
        int deactivations = 0;
        for (String kind : kinds) {
            List<AnnexRecord> annexes = AnnexSelection.onePerNumber(byKind.getOrDefault(kind, List.of()), context.today());
            Optional<AnnexRecord> best = AnnexSelection.best(annexes, context.today());
            boolean active = best.isPresent() && best.get().activeOn(context.today());
            StoredConvention stored = conventions.get(kind);
            if (structure != null && heldByAnotherStructure(structure, kind, stored)) {
                // EMP-22: its convention could not follow the SIRET here (ConventionMoves): the SIRET stays where it is
                // and (this id, kind) is left as it is
                changes.reject(structure.line(), new Rejection("EMP-22", "ASP_ID_CONFLICT",
                        FluxIaeView.STRUCTURE.aspName() + "." + FluxIaeView.Columns.SIRET_CURRENT,
                        "Ce SIRET est déjà rattaché à une autre structure ASP pour la mesure " + kind + " : rien n'est changé."),
                        structure.siretCurrent());
                rejected = true;
                continue;
            }
            if (stored == null) {
                if (structure == null || annexes.isEmpty()) {
                    continue;
                }
                UUID id = UUID.randomUUID();
                // EMP-31: a convention created already inactive is deactivated since its best annex ended
                Instant deactivatedAt = active ? null : endOf(best.get().endDate());
                changes.insertConvention(id, aspId, kind, structure.siretSignature(), active, deactivatedAt);
                annexes.forEach(annex -> changes.putAnnex(id, annex));
                annexesApplied += annexes.size();
                mother(structure, kind, id, active, deactivatedAt, best.get());
                changed = true;
                continue;
            }
            annexesApplied += annexChanges(stored, annexes);
            boolean reactivatedLately = stored.reactivatedAt() != null
                    && stored.reactivatedAt().isAfter(context.now().minus(MANUAL_REACTIVATION));
            String signature = structure == null ? stored.siretSignature() : structure.siretSignature();
            boolean isActive = stored.active();
            Instant deactivatedAt = stored.deactivatedAt();
            if (stored.active() && !active && !reactivatedLately) {
                deactivations++;
                if (context.deactivationsAllowed()) {
                    isActive = false;
                    deactivatedAt = context.now();
                }
            } else if (!stored.active() && active) {
                isActive = true;                                              // EMP-35, whatever the threshold
                deactivatedAt = null;
            }
            boolean transition = isActive != stored.active();
            if (transition || !signature.equals(stored.siretSignature())) {
                changes.updateConvention(stored.id(), signature, isActive, deactivatedAt);
                changed = true;
            }
            StoredEmployer mother = mothers.get(stored.id());
            if (mother == null) {
                if (structure != null && isActive) {
                    mother(structure, kind, stored.id(), true, null, best.get());
                    changed = true;
                }
                continue;
            }
            String siret = mother.siret();
            if (structure != null) {
                if (!structure.siretCurrent().equals(mother.siret())) {
                    if (siretChange(structure, mother)) {
                        siret = structure.siretCurrent();
                        changed = true;
                    } else {
                        rejected = true;
                    }
                }
                EmployerDetails details = EmployerDetails.of(structure);
                if (!details.equals(mother.details())) {
                    changes.updateDetails(mother.id(), details);
                    changed = true;
                }
            }
            if (transition) {
                changes.employersDeactivatedAt(stored.id(), deactivatedAt);
                changes.event(convention(isActive ? EmployerEventType.ConventionActivated : EmployerEventType.ConventionDeactivated,
                        siret, aspId, kind, mother.details().name(), deactivatedAt, best.orElse(null)));
            }
        }
        return new Outcome(changed, rejected, annexesApplied, deactivations);
    }

    /** Annexes present in the registry but absent from the delivery are deleted (PARTNERS §2.4). */
    private int annexChanges(StoredConvention stored, List<AnnexRecord> annexes) {
        Map<String, AnnexRecord> before = new HashMap<>();
        stored.annexes().forEach(a -> before.put(a.number(), a));
        int applied = 0;
        for (AnnexRecord annex : annexes) {
            AnnexRecord old = before.remove(annex.number());
            if (old == null || !old.startDate().equals(annex.startDate()) || !old.endDate().equals(annex.endDate())
                    || old.state() != annex.state()) {
                changes.putAnnex(stored.id(), annex);
                applied++;
            }
        }
        before.keySet().forEach(number -> changes.deleteAnnex(stored.id(), number));
        return applied;
    }

    /**
     * True when the structure's SIRET belongs, for this kind, to an employer of another convention than the
     * structure's own: one of another structure id that did not move here (EMP-22).
     */
    private boolean heldByAnotherStructure(StructureRecord structure, String kind, StoredConvention stored) {
        StoredEmployer holder = bySiretAndKind.get(structure.siretCurrent() + kind);
        return holder != null && holder.conventionId() != null && (stored == null || !holder.conventionId().equals(stored.id()));
    }

    /**
     * The employer known to ASP for a convention: one with the same (SIRET, kind) and no other convention (registered
     * UNVERIFIED by a PASS request) is attached, otherwise one is created when the convention is active (EMP-24).
     */
    private void mother(StructureRecord structure, String kind, UUID conventionId, boolean active, Instant deactivatedAt,
                        AnnexRecord best) {
        StoredEmployer existing = bySiretAndKind.get(structure.siretCurrent() + kind);
        EmployerDetails details = EmployerDetails.of(structure);
        EmployerEventType type = active ? EmployerEventType.ConventionActivated : EmployerEventType.ConventionDeactivated;
        if (existing != null) {
            changes.attachEmployer(existing.id(), structure.aspId(), conventionId, details, deactivatedAt);
            bySiretAndKind.put(structure.siretCurrent() + kind, new StoredEmployer(existing.id(), existing.siret(), kind,
                    conventionId, true, details));
            changes.event(convention(type, structure.siretCurrent(), structure.aspId(), kind, details.name(), deactivatedAt, best));
        } else if (active) {
            UUID id = UUID.randomUUID();
            changes.insertEmployer(id, structure.siretCurrent(), kind, structure.aspId(), conventionId, details);
            bySiretAndKind.put(structure.siretCurrent() + kind, new StoredEmployer(id, structure.siretCurrent(), kind,
                    conventionId, true, details));
            changes.event(base(EmployerEventType.EmployerRegistered, structure.siretCurrent(), structure.aspId(), kind,
                    details.name(), "ACTIVE").build());
            changes.event(convention(type, structure.siretCurrent(), structure.aspId(), kind, details.name(), null, best));
        }
    }

    /** EMP-20: the SIRET follows the ASP id when the SIREN is unchanged and (new SIRET, kind) is free. */
    private boolean siretChange(StructureRecord structure, StoredEmployer mother) {
        String next = structure.siretCurrent();
        if (next.startsWith(mother.siret().substring(0, 9)) && !bySiretAndKind.containsKey(next + mother.kind())) {
            changes.changeSiret(mother.id(), mother.siret(), next);
            bySiretAndKind.put(next + mother.kind(), mother);
            changes.event(base(EmployerEventType.EmployerSiretChanged, next, structure.aspId(), mother.kind(),
                    structure.name(), null).setPreviousSiret(mother.siret()).build());
            return true;
        }
        changes.reject(structure.line(), new Rejection("EMP-20", "SIRET_CHANGE_REFUSED",
                FluxIaeView.STRUCTURE.aspName() + "." + FluxIaeView.Columns.SIRET_CURRENT,
                next.startsWith(mother.siret().substring(0, 9))
                        ? "Le nouveau SIRET appartient déjà à un autre employeur de la même mesure : l'ancien SIRET est conservé."
                        : "Le nouveau SIRET n'a pas le même SIREN : le changement est refusé, l'ancien SIRET est conservé."),
                next);
        return false;
    }

    private EmployerEvent convention(EmployerEventType type, String siret, long aspId, String kind, String name,
                                     Instant deactivatedAt, AnnexRecord best) {
        EmployerEvent.Builder event = base(type, siret, aspId, kind, name,
                EmployerStatus.on(EmployerStatus.ACTIVE, deactivatedAt, context.now()).name())
                .setDeactivatedAt(deactivatedAt);
        if (best != null) {
            event.setAnnexNumber(best.number()).setAnnexEndDate(best.endDate());
        }
        return event.build();
    }

    private EmployerEvent.Builder base(EmployerEventType type, String siret, long aspId, String kind, String name, String status) {
        return EmployerEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(context.now())
                .setType(type)
                .setSiret(siret)
                .setAspId(Long.toString(aspId))
                .setKind(kind)
                .setName(name)
                .setStatus(status)
                .setChangedBy("ASP");
    }

    /** An annex covers its end date entirely (EMP-14): it stops at the start of the next day in Paris. */
    private static Instant endOf(LocalDate endDate) {
        return endDate.plusDays(1).atStartOfDay(BusinessDate.PARIS).toInstant();
    }
}
