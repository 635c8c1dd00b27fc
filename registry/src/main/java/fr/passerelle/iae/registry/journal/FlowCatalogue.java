package fr.passerelle.iae.registry.journal;

/**
 * Every flow of the hub, named once: its id (API.md {@code flow}, the journal's and the metrics' label), its French
 * label for the dashboard, the partner at its other end (one spelling, the one {@code GET /api/v1/ops/exchanges?partner=}
 * takes), its direction and how it is carried. In API.md's order, which the dashboard keeps: requests first, then each
 * partner, the event relay last. Adding a flow is one entry here, plus its route and its steps.
 */
public enum FlowCatalogue {

    PASS_API("pass-api", "API PASS IAE (REST)", Partner.PLATEFORME, Direction.IN, Kind.API),
    PASS_COMMANDS("pass-commands", "Demandes de PASS par Kafka", Partner.PLATEFORME, Direction.IN, Kind.MESSAGE),
    HIRES("hires", "Embauches et fiches salarié (REST et Kafka)", Partner.PLATEFORME, Direction.IN, Kind.API),
    ASP_UPLOAD("asp-upload", "Fiches salarié vers l'extranet ASP (dépôt SFTP)", Partner.ASP, Direction.OUT, Kind.SCHEDULE),
    ASP_RETURNS("asp-returns", "Retours ASP des fiches salarié (retrait SFTP)", Partner.ASP, Direction.IN, Kind.DROP_BOX),
    CONVENTIONS("conventions", "Conventionnement ASP (fluxIAE → registre des employeurs)", Partner.ASP, Direction.IN, Kind.DROP_BOX),
    FT_AGREMENTS("ft-agrements", "Reprise des agréments France Travail", Partner.FRANCE_TRAVAIL, Direction.IN, Kind.DROP_BOX),
    FT_NOTIFICATIONS("ft-notifications", "Notification des PASS IAE à France Travail", Partner.FRANCE_TRAVAIL, Direction.OUT,
            Kind.API),
    FT_PASS_FILE("ft-pass-file", "Fichier quotidien des PASS IAE pour les agences France Travail", Partner.FRANCE_TRAVAIL,
            Direction.OUT, Kind.SCHEDULE),
    SIRENE_VERIFICATION("sirene-verification", "Vérification des SIRET auprès de l'INSEE (API Sirene)", Partner.INSEE,
            Direction.IN, Kind.API),
    SIRENE_STOCK("sirene-stock", "Stock SIRENE mensuel (INSEE → registre des employeurs)", Partner.INSEE, Direction.IN,
            Kind.DROP_BOX),
    EVENT_RELAY("event-relay", "Relais des événements (outbox → Kafka)", Partner.PLATEFORME, Direction.OUT, Kind.MESSAGE);

    /** Who is at the flow's other end; the code is what the exchange journal stores. */
    public enum Partner {
        /** The plateforme de l'inclusion and the employers' systems that call the hub. */
        PLATEFORME("plateforme"),
        ASP("ASP"),
        FRANCE_TRAVAIL("france-travail"),
        INSEE("INSEE");

        private final String code;

        Partner(String code) {
            this.code = code;
        }

        public String code() {
            return code;
        }
    }

    /** Seen from the hub: IN brings the partner's data into the registry, OUT takes the registry's to the partner. */
    public enum Direction { IN, OUT }

    /** How a flow is carried: a REST API (called or calling), Kafka messages, a polled drop box, a scheduled run. */
    public enum Kind { API, MESSAGE, DROP_BOX, SCHEDULE }

    private final String id;
    private final String label;
    private final Partner partner;
    private final Direction direction;
    private final Kind kind;

    FlowCatalogue(String id, String label, Partner partner, Direction direction, Kind kind) {
        this.id = id;
        this.label = label;
        this.partner = partner;
        this.direction = direction;
        this.kind = kind;
    }

    public String id() {
        return id;
    }

    /** The partner at the other end of the flow of that id; the platform's for the hub's own (ops). */
    public static Partner partnerOf(String flow) {
        for (FlowCatalogue entry : values()) {
            if (entry.id.equals(flow)) {
                return entry.partner;
            }
        }
        return Partner.PLATEFORME;
    }

    public String label() {
        return label;
    }

    public Partner partner() {
        return partner;
    }

    public Direction direction() {
        return direction;
    }

    public Kind kind() {
        return kind;
    }
}
