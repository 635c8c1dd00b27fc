package fr.passerelle.iae.registry.fichesalarie;

/** Statuses of a fiche salarié (PARTNERS §1.8), with the French label of the ASP extranet. */
public enum FicheSalarieStatus {
    NEW("Nouvelle"), READY("Complétée"), SENT("Envoyée"), REJECTED("En erreur"), PROCESSED("Intégrée"),
    DISABLED("Désactivée"), ARCHIVED("Archivée");

    private final String label;

    FicheSalarieStatus(String label) {
        this.label = label;
    }

    public String label() {
        return label;
    }
}
