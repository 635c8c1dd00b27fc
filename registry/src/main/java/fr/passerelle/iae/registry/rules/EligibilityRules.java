package fr.passerelle.iae.registry.rules;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.eligibility.Criterion;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/** Whether a diagnosis allows issuing a new PASS number for a given hire (PASS-26, DOMAIN §3.2). */
public final class EligibilityRules {

    /** ELIG-03: criteria that contradict each other. */
    static final List<Set<Criterion>> FORBIDDEN_PAIRS = List.of(
            Set.of(Criterion.SENIOR, Criterion.JEUNE),
            Set.of(Criterion.DETLD, Criterion.DELD));

    private EligibilityRules() {
    }

    /**
     * Checks scope (ELIG-06), expiry (ELIG-04), combinations (ELIG-03) then sufficiency (ELIG-02), so that the
     * first refusal names what the employer must fix first. ELIG-05 (a diagnosis kept alive by its PASS) does not
     * apply: this is only for a new number.
     */
    public static Optional<Rejection> checkForIssuance(Diagnosis d, EmployerKind hiringKind, String hiringSiret,
            LocalDate today) {
        if (!hiringKind.siae()) {
            return reject("PASS-25", "EMPLOYER_NOT_SIAE", "employer.kind",
                    "Seule une embauche par une SIAE peut donner lieu à un PASS IAE.");
        }
        if (!d.byPrescriber() && !writtenBy(d, hiringKind, hiringSiret)) {
            // ELIG-06: API.md has no scope code. DIAGNOSIS_EXPIRED says "no diagnosis in force for you, make one",
            // which is the remedy; INSUFFICIENT_CRITERIA would ask to add criteria to a diagnosis it cannot use.
            return reject("ELIG-06", "DIAGNOSIS_EXPIRED", "eligibility.author",
                    "Ce diagnostic a été réalisé par une autre SIAE : seule celle-ci peut l'utiliser.");
        }
        if (!d.validOn(today)) {
            return reject("ELIG-04", "DIAGNOSIS_EXPIRED", "eligibility.diagnosedOn",
                    "Le diagnostic d'éligibilité a expiré : un nouveau diagnostic est nécessaire.");
        }
        Optional<Set<Criterion>> forbidden = FORBIDDEN_PAIRS.stream().filter(d.criteria()::containsAll).findFirst();
        if (forbidden.isPresent()) {
            return reject("ELIG-03", "FORBIDDEN_CRITERIA_COMBINATION", "eligibility.criteria",
                    "Les critères " + String.join(" et ", forbidden.get().stream().map(Enum::name).sorted().toList())
                            + " ne peuvent pas être retenus ensemble.");
        }
        if (!d.byPrescriber() && !sufficient(d.criteria(), hiringKind)) {
            return reject("ELIG-02", "INSUFFICIENT_CRITERIA", "eligibility.criteria",
                    "Critères insuffisants : un critère de niveau 1 ou " + hiringKind.level2CriteriaRequired()
                            + " critères de niveau 2 sont requis pour une structure " + hiringKind + ".");
        }
        return Optional.empty();
    }

    /** ELIG-02 for an SIAE diagnosis written by an SIAE of kind {@code authorKind}. */
    public static boolean sufficient(Set<Criterion> criteria, EmployerKind authorKind) {
        long level1 = criteria.stream().filter(c -> c.level() == 1).count();
        long level2 = criteria.stream().filter(c -> c.level() == 2).count();
        return level1 >= 1 || level2 >= authorKind.level2CriteriaRequired();
    }

    // The SIAE is the employer (SIRET, kind) of EMP-10; when the author's kind is unknown only the SIRET is compared.
    private static boolean writtenBy(Diagnosis d, EmployerKind hiringKind, String hiringSiret) {
        return d.authorSiret() != null && d.authorSiret().equals(hiringSiret)
                && (d.authorKind() == null || d.authorKind() == hiringKind);
    }

    private static Optional<Rejection> reject(String rule, String code, String field, String message) {
        return Optional.of(new Rejection(rule, code, field, message));
    }
}
