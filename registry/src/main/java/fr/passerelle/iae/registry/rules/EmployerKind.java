package fr.passerelle.iae.registry.rules;

/** Employer kinds of DOMAIN §4.1 with what each partner calls them. */
public enum EmployerKind {
    ACI(true, "ACI_DC", 836, 3),
    AI(true, "AI_DC", 837, 2),
    EI(true, "EI_DC", 838, 3),
    ETTI(true, "ETTI_DC", 839, 2),
    EITI(true, "EITI_DC", 840, 3),
    // France Travail has no code of its own for these kinds: §4.1 maps them onto SIAE codes.
    GEIQ(false, null, 838, 0),
    EA(false, null, 838, 0),
    EATT(false, null, 840, 0);

    private final boolean siae;
    private final String aspMeasure;
    private final int franceTravailTypeSiae;
    private final int level2CriteriaRequired;

    EmployerKind(boolean siae, String aspMeasure, int franceTravailTypeSiae, int level2CriteriaRequired) {
        this.siae = siae;
        this.aspMeasure = aspMeasure;
        this.franceTravailTypeSiae = franceTravailTypeSiae;
        this.level2CriteriaRequired = level2CriteriaRequired;
    }

    /** SIAE kinds get a PASS, ASP fiches salarié and a convention (PASS-25). */
    public boolean siae() {
        return siae;
    }

    /** ASP measure ({@code ACI_DC}…), null for a kind ASP does not follow. */
    public String aspMeasure() {
        return aspMeasure;
    }

    /** France Travail {@code typeSIAE}. */
    public int franceTravailTypeSiae() {
        return franceTravailTypeSiae;
    }

    /**
     * ELIG-02: level-2 criteria an employer diagnosis written by this kind needs (when it has no level-1 one).
     *
     * @throws IllegalStateException for a non-SIAE kind: ELIG-01, only an SIAE authors an employer diagnosis
     */
    public int level2CriteriaRequired() {
        if (!siae) {
            throw new IllegalStateException("ELIG-01: a " + name() + " does not author eligibility diagnoses");
        }
        return level2CriteriaRequired;
    }
}
