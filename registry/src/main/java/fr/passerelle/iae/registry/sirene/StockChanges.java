package fr.passerelle.iae.registry.sirene;

import java.sql.Timestamp;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.function.Function;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;
import fr.passerelle.iae.mappings.sirene.SuccessionRecord;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.sirene.SireneReviews.Reason;
import fr.passerelle.iae.registry.sirene.SireneReviews.Review;
import fr.passerelle.iae.registry.sirene.StockReconciliation.StoredEmployer;

/**
 * What one chunk of establishments writes: the establishments that differ from what is stored, then what the chunk
 * changes beyond them (EMP-40), written after them, one statement per kind of change: a chunk holds about 1,000
 * employers, of which a few move or close.
 */
final class StockChanges {

    private static final Logger LOG = LoggerFactory.getLogger(StockChanges.class);

    /** A successor not applied, shown on the closed establishment (EMP-40). */
    private record ShownSuccessor(String siret, String successor, LocalDate date) {
    }

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final SireneReviews reviews;
    private final UUID exchange;
    private final Instant now;
    private final List<EstablishmentRecord> establishments = new ArrayList<>();
    private final List<UUID> movedIds = new ArrayList<>();
    private final List<String> movedFrom = new ArrayList<>();
    private final List<String> movedTo = new ArrayList<>();
    private final List<UUID> closed = new ArrayList<>();
    private final List<ShownSuccessor> shown = new ArrayList<>();
    private final List<Review> reviewed = new ArrayList<>();
    private final List<EmployerEvent> events = new ArrayList<>();

    StockChanges(JdbcTemplate jdbc, Outbox outbox, SireneReviews reviews, UUID exchange, Instant now) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.reviews = reviews;
        this.exchange = exchange;
        this.now = now;
    }

    /** The establishment as the stock gives it, replacing what is stored. */
    void store(EstablishmentRecord record) {
        establishments.add(record);
    }

    /** EMP-40 applied: the employer takes the successor's SIRET, the old one kept among its previous SIRETs. */
    void changeSiret(StoredEmployer employer, SuccessionRecord link) {
        movedIds.add(employer.id());
        movedFrom.add(employer.siret());
        movedTo.add(link.successor());
        events.add(EmployerEvent.newBuilder(base(EmployerEventType.EmployerSiretChanged, link.successor(), employer))
                .setPreviousSiret(employer.siret())
                .setStatus(employer.status())
                .setEffectiveDate(link.date())
                .build());
    }

    /** EMP-40: closed, with the successor that was not applied shown and left to a person. */
    void close(StoredEmployer employer, EstablishmentRecord record, SiretSuccession.Close decision) {
        closed.add(employer.id());
        SuccessionRecord successor = decision.shown();
        EmployerEvent.Builder event = EmployerEvent.newBuilder(base(EmployerEventType.EmployerClosed, employer.siret(), employer))
                .setStatus("CLOSED")
                .setEffectiveDate(record.stateSince());
        if (successor != null) {
            event.setSuccessorSiret(successor.successor());
            shown.add(new ShownSuccessor(employer.siret(), successor.successor(), successor.date()));
            reviewed.add(new Review(0, employer.id(), employer.siret(), employer.kind(), "EMP-40", decision.review(),
                    successor.successor(), successor.date(), successor.headOfficeTransfer(), successor.economicContinuity(),
                    reviewMessage(decision.review()), exchange, null));
        }
        events.add(event.build());
    }

    void write() {
        upsert();
        Timestamp at = Timestamp.from(now);
        if (!movedIds.isEmpty()) {
            UUID[] ids = movedIds.toArray(UUID[]::new);
            jdbc.update("""
                    UPDATE employer e SET siret = u.siret, updated_at = ?
                    FROM unnest(?::uuid[], ?::text[]) AS u(id, siret) WHERE e.id = u.id""",
                    at, ids, movedTo.toArray(String[]::new));
            jdbc.update("""
                    INSERT INTO employer_previous_siret (employer_id, siret, replaced_at)
                    SELECT u.id, u.siret, ? FROM unnest(?::uuid[], ?::text[]) AS u(id, siret) ON CONFLICT DO NOTHING""",
                    at, ids, movedFrom.toArray(String[]::new));
            LOG.info("{}: EMP-40 {} employers follow their succession to a SIRET of the same company",
                    SireneStockImport.FLOW, ids.length);
        }
        if (!closed.isEmpty()) {
            jdbc.update("UPDATE employer SET status = 'CLOSED', updated_at = ? WHERE id = ANY (?)", at,
                    closed.toArray(UUID[]::new));
        }
        if (!shown.isEmpty()) {
            jdbc.update("""
                    UPDATE sirene_establishment s SET successor_siret = u.successor, successor_date = u.day::date
                    FROM unnest(?::text[], ?::text[], ?::text[]) AS u(siret, successor, day) WHERE s.siret = u.siret""",
                    shown.stream().map(ShownSuccessor::siret).toArray(String[]::new),
                    shown.stream().map(ShownSuccessor::successor).toArray(String[]::new),
                    shown.stream().map(s -> s.date().toString()).toArray(String[]::new));
        }
        reviewed.forEach(reviews::add);
        outbox.appendAll(Outbox.EMPLOYER_EVENTS, events.stream().map(e -> new Outbox.Event(e.getSiret().toString(),
                e.getType().name(), e.getEventId(), e)).toList());
    }

    /**
     * The chunk's establishments stored in one statement (arrays unnested by PostgreSQL): one round trip whatever
     * the chunk's size.
     */
    private void upsert() {
        if (establishments.isEmpty()) {
            return;
        }
        jdbc.update("""
                INSERT INTO sirene_establishment (siret, state, diffusion, state_since, head_office, name, address_line,
                    address_complement, postal_code, commune, insee_code, naf, processed_at, source, checked_at)
                SELECT u.siret, u.state, u.diffusion, u.since::date, u.head::boolean, u.name, u.line, u.complement, u.postal,
                       u.commune, u.insee, u.naf, u.processed::timestamp, 'STOCK', t.checked
                FROM unnest(?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[], ?::text[],
                            ?::text[], ?::text[], ?::text[], ?::text[])
                     AS u(siret, state, diffusion, since, head, name, line, complement, postal, commune, insee, naf, processed),
                     (SELECT ?::timestamptz AS checked) t
                ON CONFLICT (siret) DO UPDATE SET state = excluded.state, diffusion = excluded.diffusion,
                    state_since = excluded.state_since, head_office = excluded.head_office, name = excluded.name,
                    address_line = excluded.address_line, address_complement = excluded.address_complement,
                    postal_code = excluded.postal_code, commune = excluded.commune, insee_code = excluded.insee_code,
                    naf = excluded.naf, processed_at = excluded.processed_at, source = 'STOCK',
                    checked_at = excluded.checked_at""",
                column(EstablishmentRecord::siret), column(EstablishmentRecord::state), column(EstablishmentRecord::diffusion),
                column(r -> r.stateSince() == null ? null : r.stateSince().toString()),
                column(r -> Boolean.toString(r.headOffice())), column(EstablishmentRecord::displayName),
                column(EstablishmentRecord::addressLine), column(EstablishmentRecord::addressComplement),
                column(EstablishmentRecord::postalCode), column(EstablishmentRecord::commune),
                column(EstablishmentRecord::inseeCode), column(EstablishmentRecord::naf),
                column(r -> r.processedAt() == null ? null : r.processedAt().toString()),
                Timestamp.from(now));
    }

    private String[] column(Function<EstablishmentRecord, String> value) {
        return establishments.stream().map(value).toArray(String[]::new);
    }

    private EmployerEvent base(EmployerEventType type, String siret, StoredEmployer employer) {
        return EmployerEvent.newBuilder()
                .setEventId(UUID.randomUUID())
                .setOccurredAt(now)
                .setType(type)
                .setSiret(siret)
                .setAspId(employer.aspId())
                .setKind(employer.kind())
                .setName(employer.name())
                .setChangedBy("SIRENE")
                .build();
    }

    private static String reviewMessage(Reason reason) {
        return switch (reason) {
            case OTHER_SIREN -> "Successeur d'une autre entreprise (reprise) : affiché seulement, l'employeur est fermé.";
            case NO_CONTINUITY -> "Successeur de la même entreprise sans continuité économique : à examiner, l'employeur est fermé.";
            case SIRET_TAKEN -> "Le SIRET successeur appartient déjà à un autre employeur de la même mesure (EMP-20) : "
                    + "à examiner, l'employeur est fermé.";
            default -> reason.name();
        };
    }
}
