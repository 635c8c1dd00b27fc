package fr.passerelle.iae.registry.rules;

/** Suspension reasons of DOMAIN §1.8, legacy ones kept for history (SUSP-09). */
public enum SuspensionReason {
    CONTRACT_SUSPENDED("Contrat de travail suspendu depuis plus de 15 jours", true),
    CONTRACT_BROKEN("Contrat de travail rompu", true),
    FINISHED_CONTRACT("Contrat de travail terminé", true),
    APPROVAL_BETWEEN_CTA_MEMBERS("Situation faisant l'objet d'un accord entre les acteurs membres du CTA "
            + "(Comité technique d'animation)", true),
    CONTRAT_PASSERELLE("Bascule dans l'expérimentation contrat passerelle", true),
    SICKNESS("Arrêt pour longue maladie", false),
    MATERNITY("Congé de maternité", false),
    INCARCERATION("Incarcération", false),
    TRIAL_OUTSIDE_IAE("Période d'essai auprès d'un employeur ne relevant pas de l'IAE", false),
    DETOXIFICATION("Période de cure pour désintoxication", false),
    FORCE_MAJEURE("Raison de force majeure", false);

    private final String label;
    private final boolean usableForNew;

    SuspensionReason(String label, boolean usableForNew) {
        this.label = label;
        this.usableForNew = usableForNew;
    }

    public String label() {
        return label;
    }

    /** SUSP-09: legacy reasons are read from history but refused for a new or edited suspension. */
    public boolean usableForNew() {
        return usableForNew;
    }

    /** SUSP-08: only an SIAE suspends; {@code CONTRAT_PASSERELLE} only an EI or an ACI. */
    public boolean allowedFor(EmployerKind k) {
        if (this == CONTRAT_PASSERELLE) {
            return k == EmployerKind.EI || k == EmployerKind.ACI;
        }
        return k.siae();
    }

    /**
     * PASS-23: whether a new hire cuts a suspension in progress. §1.8 says the five current reasons do; the
     * platform never lifts legacy ones (its REASONS_ALLOWING_UNSUSPEND holds exactly the five).
     */
    public boolean liftedByNewHire() {
        return usableForNew;
    }
}
