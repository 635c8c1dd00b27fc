package fr.passerelle.iae.registry.rules;

import java.util.OptionalInt;

/** Prolongation reasons of DOMAIN §1.9. */
public enum ProlongationReason {
    SENIOR_CDI("CDI conclu avec une personne de plus de 57 ans", 3650, null, false, true),
    COMPLETE_TRAINING("Fin d'une formation", 365, null, false, true),
    RQTH("RQTH - Reconnaissance de la qualité de travailleur handicapé", 365, 1095, true, true),
    SENIOR("50 ans et plus", 365, 1825, true, true),
    PARTICULAR_DIFFICULTIES("Difficultés particulièrement importantes dont l'absence de prise en charge ferait "
            + "obstacle à son insertion professionnelle", 365, 1095, true, true),
    // Not accepted since 2021-12-01: read from history only, so it grants no new day.
    HEALTH_CONTEXT("Contexte sanitaire", 0, null, false, false);

    private final String label;
    private final int maxDays;
    private final Integer cumulativeCapDays;
    private final boolean needsPrescriber;
    private final boolean usableForNew;

    ProlongationReason(String label, int maxDays, Integer cumulativeCapDays, boolean needsPrescriber, boolean usableForNew) {
        this.label = label;
        this.maxDays = maxDays;
        this.cumulativeCapDays = cumulativeCapDays;
        this.needsPrescriber = needsPrescriber;
        this.usableForNew = usableForNew;
    }

    public String label() {
        return label;
    }

    /** PROL-02: longest single prolongation, in days (Pe − Ps). */
    public int maxDays() {
        return maxDays;
    }

    /** PROL-02: cap on all prolongations of the PASS (whatever their reason) when this reason is used. */
    public OptionalInt cumulativeCapDays() {
        return cumulativeCapDays == null ? OptionalInt.empty() : OptionalInt.of(cumulativeCapDays);
    }

    /** PROL-05: needs the agreement of an authorised prescriber ({@code validatedBy}). */
    public boolean needsPrescriber() {
        return needsPrescriber;
    }

    /** PROL-04: declarable by any SIAE, except {@code PARTICULAR_DIFFICULTIES} (AI and ACI only). */
    public boolean allowedFor(EmployerKind k) {
        if (!usableForNew || !k.siae()) {
            return false;
        }
        return this != PARTICULAR_DIFFICULTIES || k == EmployerKind.AI || k == EmployerKind.ACI;
    }

    public boolean usableForNew() {
        return usableForNew;
    }
}
