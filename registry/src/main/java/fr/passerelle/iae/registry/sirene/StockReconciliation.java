package fr.passerelle.iae.registry.sirene;

import java.sql.Date;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;
import fr.passerelle.iae.mappings.sirene.SuccessionRecord;
import fr.passerelle.iae.registry.outbox.Outbox;

/**
 * One chunk of a {@code StockEtablissement} file matched against the registry: each row with what
 * {@code sirene_establishment} stores of it and with the employers of its SIRET, each closed one decided by its
 * succession links (EMP-40). What the chunk needs is read for all its rows at once: four statements at most, whatever
 * its size.
 */
final class StockReconciliation {

    record StoredEmployer(UUID id, String siret, String kind, String status, String aspId, String name) {
    }

    /** A {@code sirene_establishment} row, each value as the driver returns it. */
    private record StoredEstablishment(String state, String diffusion, Date stateSince, Boolean headOffice, String name,
                                       String addressLine, String addressComplement, String postalCode, String commune,
                                       String inseeCode, String naf, Timestamp processedAt) {

        boolean sameAs(EstablishmentRecord r) {
            return Objects.equals(r.state(), state) && Objects.equals(r.diffusion(), strip(diffusion))
                    && Objects.equals(r.stateSince() == null ? null : Date.valueOf(r.stateSince()), stateSince)
                    && Objects.equals(r.headOffice(), headOffice)
                    && Objects.equals(r.displayName(), name) && Objects.equals(r.addressLine(), addressLine)
                    && Objects.equals(r.addressComplement(), addressComplement)
                    && Objects.equals(r.postalCode(), strip(postalCode))
                    && Objects.equals(r.commune(), commune) && Objects.equals(r.inseeCode(), strip(inseeCode))
                    && Objects.equals(r.naf(), naf)
                    && Objects.equals(r.processedAt() == null ? null : Timestamp.valueOf(r.processedAt()), processedAt);
        }

        private static String strip(String value) {
            return value == null ? null : value.strip();
        }
    }

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final SireneReviews reviews;
    private final Clock clock;

    StockReconciliation(JdbcTemplate jdbc, Outbox outbox, SireneReviews reviews, Clock clock) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.reviews = reviews;
        this.clock = clock;
    }

    /** Applies the chunk; returns how many of its rows changed something. */
    int apply(UUID exchange, List<EstablishmentRecord> records) {
        if (records.isEmpty()) {
            return 0;
        }
        Instant now = clock.instant();
        Set<String> sirets = new HashSet<>();
        records.forEach(r -> sirets.add(r.siret()));
        String[] siretArray = sirets.toArray(String[]::new);
        Map<String, StoredEstablishment> stored = storedEstablishments(siretArray);
        Map<String, List<StoredEmployer>> employers = employers(siretArray);
        Map<String, List<SuccessionRecord>> links = successionsOf(records.stream()
                .filter(r -> "F".equals(r.state()) && employers.containsKey(r.siret())).map(EstablishmentRecord::siret).toList());
        Set<String> taken = takenSirets(links);
        StockChanges changes = new StockChanges(jdbc, outbox, reviews, exchange, now);
        int applied = 0;
        for (EstablishmentRecord record : records) {
            boolean changed = false;
            StoredEstablishment before = stored.get(record.siret());
            if (before == null || !before.sameAs(record)) {
                changes.store(record);
                changed = true;
            }
            for (StoredEmployer employer : employers.getOrDefault(record.siret(), List.of())) {
                changed |= reconcile(changes, employer, record, links.getOrDefault(record.siret(), List.of()), taken);
            }
            if (changed) {
                applied++;
            }
        }
        changes.write();
        return applied;
    }

    /** What one stock row changes for one employer of its SIRET; true when something changed. */
    private static boolean reconcile(StockChanges changes, StoredEmployer employer, EstablishmentRecord record,
                                     List<SuccessionRecord> links, Set<String> taken) {
        if ("F".equals(record.state())) {
            if (employer.status().equals("CLOSED")) {
                return false;
            }
            SiretSuccession.Decision decision = SiretSuccession.decide(links, siret -> taken.contains(siret + employer.kind()));
            if (decision instanceof SiretSuccession.Apply apply) {
                changes.changeSiret(employer, apply.link());
                taken.add(apply.link().successor() + employer.kind());
            } else {
                changes.close(employer, record, (SiretSuccession.Close) decision);
            }
            return true;
        }
        // an open establishment: its name and address are stored above, shown for employers ASP does not name
        return false;
    }

    private Map<String, StoredEstablishment> storedEstablishments(String[] sirets) {
        Map<String, StoredEstablishment> stored = new HashMap<>();
        jdbc.query("""
                SELECT siret, state, diffusion, state_since, head_office, name, address_line, address_complement, postal_code,
                       commune, insee_code, naf, processed_at
                FROM sirene_establishment WHERE siret = ANY (?)""",
                rs -> {
                    stored.put(rs.getString(1), new StoredEstablishment(rs.getString(2), rs.getString(3), rs.getDate(4),
                            (Boolean) rs.getObject(5), rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                            rs.getString(10), rs.getString(11), rs.getString(12), rs.getTimestamp(13)));
                }, (Object) sirets);
        return stored;
    }

    private Map<String, List<StoredEmployer>> employers(String[] sirets) {
        Map<String, List<StoredEmployer>> employers = new HashMap<>();
        jdbc.query("""
                SELECT id, siret, kind, status, asp_id, name FROM employer WHERE siret = ANY (?)""",
                rs -> {
                    StoredEmployer e = new StoredEmployer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6));
                    employers.computeIfAbsent(e.siret(), k -> new ArrayList<>()).add(e);
                }, (Object) sirets);
        return employers;
    }

    private Map<String, List<SuccessionRecord>> successionsOf(List<String> predecessors) {
        Map<String, List<SuccessionRecord>> links = new HashMap<>();
        if (predecessors.isEmpty()) {
            return links;
        }
        jdbc.query("""
                SELECT predecessor, successor, succession_date, head_office_transfer, economic_continuity, processed_at
                FROM sirene_succession WHERE predecessor = ANY (?)""",
                rs -> {
                    Timestamp processed = rs.getTimestamp(6);
                    SuccessionRecord link = new SuccessionRecord(rs.getString(1), rs.getString(2), rs.getDate(3).toLocalDate(),
                            rs.getBoolean(4), rs.getBoolean(5), processed == null ? null : processed.toLocalDateTime());
                    links.computeIfAbsent(link.predecessor(), k -> new ArrayList<>()).add(link);
                }, (Object) predecessors.toArray(String[]::new));
        return links;
    }

    /** (SIRET + kind) of the employers that already hold a successor SIRET (EMP-20). */
    private Set<String> takenSirets(Map<String, List<SuccessionRecord>> links) {
        Set<String> taken = new HashSet<>();
        String[] successors = links.values().stream().flatMap(List::stream).map(SuccessionRecord::successor).toArray(String[]::new);
        if (successors.length > 0) {
            jdbc.query("SELECT siret, kind FROM employer WHERE siret = ANY (?)",
                    rs -> {
                        taken.add(rs.getString(1) + rs.getString(2));
                    }, (Object) successors);
        }
        return taken;
    }
}
