package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.eligibility.Criterion;
import java.time.LocalDate;
import java.util.Objects;
import java.util.Set;

/**
 * An eligibility diagnosis (DOMAIN §3).
 *
 * @param prescriberKind kind of the prescriber organisation (§3.3), null for an employer diagnosis
 * @param authorSiret    SIRET of the SIAE that wrote an employer diagnosis (ELIG-06), null for a prescriber one
 * @param authorKind     kind of that SIAE, null when unknown: several kinds may share one SIRET (EMP-10),
 *                       and ELIG-02 counts with the author's kind
 */
public record Diagnosis(DiagnosisAuthor author, String prescriberKind, Set<Criterion> criteria, LocalDate createdOn,
        String authorSiret, EmployerKind authorKind) {

    public Diagnosis {
        Objects.requireNonNull(author, "author");
        Objects.requireNonNull(createdOn, "createdOn");
        criteria = criteria == null ? Set.of() : Set.copyOf(criteria);
    }

    /** Without the author's kind: ELIG-06 then compares SIRETs only. */
    public Diagnosis(DiagnosisAuthor author, String prescriberKind, Set<Criterion> criteria, LocalDate createdOn,
            String authorSiret) {
        this(author, prescriberKind, criteria, createdOn, authorSiret, null);
    }

    public boolean byPrescriber() {
        return author == DiagnosisAuthor.AUTHORIZED_PRESCRIBER;
    }

    /** ELIG-04: first day the diagnosis is no longer valid. */
    public LocalDate expiresOn() {
        return byPrescriber() ? createdOn.plusMonths(6) : createdOn.plusDays(92);
    }

    /** ELIG-04: valid while today < expiry. (ELIG-05, a diagnosis kept alive by its PASS, is the caller's concern.) */
    public boolean validOn(LocalDate today) {
        return today.isBefore(expiresOn());
    }
}
