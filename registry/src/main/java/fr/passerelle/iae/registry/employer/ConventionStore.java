package fr.passerelle.iae.registry.employer;

import java.sql.Date;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;
import fr.passerelle.iae.mappings.fluxiae.AnnexState;
import fr.passerelle.iae.mappings.fluxiae.StructureRecord;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.outbox.Outbox;

/** Reads the staged delivery and the stored registry one chunk of structure ids at a time, and writes the changes in batches. */
@Component
class ConventionStore {

    /**
     * A chunk of structure ids [first, last] with everything the rules need about them. {@code moved}: the delivered
     * structures a convention followed before the chunks (EMP-22, {@link ConventionMoves}).
     */
    record Chunk(List<Long> aspIds, Map<Long, StructureRecord> structures, Map<Long, List<AnnexRecord>> annexes,
                 Map<Long, Map<String, StoredConvention>> conventions, Map<UUID, StoredEmployer> mothers,
                 Map<String, StoredEmployer> bySiretAndKind, Set<Long> moved) {
    }

    private final JdbcTemplate jdbc;
    private final Outbox outbox;
    private final ExchangeJournal journal;

    ConventionStore(JdbcTemplate jdbc, Outbox outbox, ExchangeJournal journal) {
        this.jdbc = jdbc;
        this.outbox = outbox;
        this.journal = journal;
    }

    /**
     * The next structure ids after {@code after}: those of the delivery's valid rows and those of stored conventions
     * (absent from the delivery, their annexes go), minus the structures whose row was rejected (left untouched).
     */
    List<Long> nextIds(UUID exchange, long after, int size) {
        return jdbc.queryForList("""
                SELECT asp_id FROM (
                    SELECT asp_id FROM conventions_staged_structure WHERE exchange_id = ? AND asp_id > ?
                    UNION SELECT asp_id FROM convention WHERE asp_id > ?) ids
                WHERE NOT EXISTS (SELECT 1 FROM conventions_staged_structure s
                                  WHERE s.exchange_id = ? AND s.asp_id = ids.asp_id AND NOT s.valid)
                ORDER BY asp_id LIMIT ?""", Long.class, exchange, after, after, exchange, size);
    }

    Chunk load(UUID exchange, List<Long> ids) {
        long first = ids.get(0);
        long last = ids.get(ids.size() - 1);
        Map<Long, StructureRecord> structures = new HashMap<>();
        Set<Long> moved = new HashSet<>();
        jdbc.query("""
                SELECT asp_id, line, siret_signature, siret_current, name, naf, address_line1, address_line2, postal_code,
                       commune, insee_code, phone, moved
                FROM conventions_staged_structure WHERE exchange_id = ? AND asp_id BETWEEN ? AND ? AND valid""",
                rs -> {
                    structures.put(rs.getLong(1), new StructureRecord(rs.getLong(2), rs.getLong(1), rs.getString(3),
                            rs.getString(4), rs.getString(5), rs.getString(6), rs.getString(7), rs.getString(8),
                            rs.getString(9), rs.getString(10), rs.getString(11), rs.getString(12)));
                    if (rs.getBoolean(13)) {
                        moved.add(rs.getLong(1));
                    }
                }, exchange, first, last);
        Map<Long, List<AnnexRecord>> annexes = new HashMap<>();
        jdbc.query("""
                SELECT asp_id, line, kind, number, start_date, end_date, state
                FROM conventions_staged_annex WHERE exchange_id = ? AND asp_id BETWEEN ? AND ?""",
                rs -> {
                    annexes.computeIfAbsent(rs.getLong(1), k -> new ArrayList<>()).add(annex(rs, rs.getLong(2), rs.getLong(1)));
                }, exchange, first, last);
        Map<UUID, List<AnnexRecord>> storedAnnexes = new HashMap<>();
        jdbc.query("""
                SELECT c.id, c.asp_id, c.kind, a.number, a.start_date, a.end_date, a.state
                FROM financial_annex a JOIN convention c ON c.id = a.convention_id WHERE c.asp_id BETWEEN ? AND ?""",
                rs -> {
                    storedAnnexes.computeIfAbsent(rs.getObject(1, UUID.class), k -> new ArrayList<>())
                            .add(annex(rs, 0, rs.getLong(2)));
                }, first, last);
        Map<Long, Map<String, StoredConvention>> conventions = new HashMap<>();
        jdbc.query("""
                SELECT id, asp_id, kind, siret_signature, active, deactivated_at, reactivated_at
                FROM convention WHERE asp_id BETWEEN ? AND ?""",
                rs -> {
                    UUID id = rs.getObject(1, UUID.class);
                    conventions.computeIfAbsent(rs.getLong(2), k -> new HashMap<>()).put(rs.getString(3),
                            new StoredConvention(id, rs.getLong(2), rs.getString(3), rs.getString(4), rs.getBoolean(5),
                                    instant(rs.getTimestamp(6)), instant(rs.getTimestamp(7)), storedAnnexes.getOrDefault(id, List.of())));
                }, first, last);
        Map<UUID, StoredEmployer> mothers = new HashMap<>();
        jdbc.query(EMPLOYER + " JOIN convention c ON c.id = e.convention_id WHERE c.asp_id BETWEEN ? AND ? AND e.asp_id IS NOT NULL",
                rs -> {
                    StoredEmployer employer = employer(rs);
                    mothers.put(employer.conventionId(), employer);
                }, first, last);
        String[] sirets = structures.values().stream().map(StructureRecord::siretCurrent).distinct().toArray(String[]::new);
        Map<String, StoredEmployer> bySiretAndKind = new HashMap<>();
        jdbc.query(EMPLOYER + " WHERE e.siret = ANY (?)", rs -> {
            StoredEmployer employer = employer(rs);
            bySiretAndKind.put(employer.siret() + employer.kind(), employer);
        }, (Object) sirets);
        return new Chunk(ids, structures, annexes, conventions, mothers, bySiretAndKind, moved);
    }

    private static final String EMPLOYER = """
            SELECT e.id, e.siret, e.kind, e.convention_id, e.asp_id IS NOT NULL, e.name, e.naf, e.address_line1,
                   e.address_line2, e.postal_code, e.commune, e.insee_code, e.phone
            FROM employer e""";

    private static StoredEmployer employer(ResultSet rs) throws SQLException {
        return new StoredEmployer(rs.getObject(1, UUID.class), rs.getString(2), rs.getString(3), rs.getObject(4, UUID.class),
                rs.getBoolean(5), new EmployerDetails(rs.getString(6), rs.getString(7), rs.getString(8), rs.getString(9),
                rs.getString(10), rs.getString(11), rs.getString(12), rs.getString(13)));
    }

    private static AnnexRecord annex(ResultSet rs, long line, long aspId) throws SQLException {
        return new AnnexRecord(line, aspId, rs.getString("kind"), rs.getString("number"), rs.getDate("start_date").toLocalDate(),
                rs.getDate("end_date").toLocalDate(), AnnexState.valueOf(rs.getString("state")));
    }

    private static Instant instant(Timestamp t) {
        return t == null ? null : t.toInstant();
    }

    private static Timestamp timestamp(Instant i) {
        return i == null ? null : Timestamp.from(i);
    }

    Batch batch(UUID exchange, Instant now) {
        return new Batch(exchange, now);
    }

    /** The changes of one chunk, written in batches at {@link #flush()}, inside the chunk's transaction. */
    final class Batch implements ConventionChanges {
        private final UUID exchange;
        private final Timestamp now;
        private final List<Object[]> newConventions = new ArrayList<>();
        private final List<Object[]> conventionUpdates = new ArrayList<>();
        private final List<Object[]> annexPuts = new ArrayList<>();
        private final List<Object[]> annexDeletes = new ArrayList<>();
        private final List<Object[]> newEmployers = new ArrayList<>();
        private final List<Object[]> attachments = new ArrayList<>();
        private final List<Object[]> detailUpdates = new ArrayList<>();
        private final List<Object[]> siretChanges = new ArrayList<>();
        private final List<Object[]> previousSirets = new ArrayList<>();
        private final List<Object[]> deactivations = new ArrayList<>();
        private final List<EmployerEvent> events = new ArrayList<>();
        private final List<Object[]> rejects = new ArrayList<>();

        Batch(UUID exchange, Instant now) {
            this.exchange = exchange;
            this.now = Timestamp.from(now);
        }

        @Override
        public void insertConvention(UUID id, long aspId, String kind, String siretSignature, boolean active, Instant deactivatedAt) {
            newConventions.add(new Object[] {id, aspId, kind, siretSignature, active, timestamp(deactivatedAt), now});
        }

        @Override
        public void updateConvention(UUID id, String siretSignature, boolean active, Instant deactivatedAt) {
            conventionUpdates.add(new Object[] {siretSignature, active, timestamp(deactivatedAt), now, id});
        }

        @Override
        public void putAnnex(UUID conventionId, AnnexRecord annex) {
            annexPuts.add(new Object[] {conventionId, annex.number(), Date.valueOf(annex.startDate()),
                    Date.valueOf(annex.endDate()), annex.state().name()});
        }

        @Override
        public void deleteAnnex(UUID conventionId, String number) {
            annexDeletes.add(new Object[] {conventionId, number});
        }

        @Override
        public void insertEmployer(UUID id, String siret, String kind, long aspId, UUID conventionId, EmployerDetails d) {
            newEmployers.add(new Object[] {id, siret, kind, Long.toString(aspId), conventionId, d.name(), d.naf(), d.addressLine1(),
                    d.addressLine2(), d.postalCode(), d.commune(), d.inseeCode(), d.phone(), now});
        }

        @Override
        public void attachEmployer(UUID id, long aspId, UUID conventionId, EmployerDetails d, Instant deactivatedAt) {
            attachments.add(new Object[] {Long.toString(aspId), conventionId, timestamp(deactivatedAt), now, id});
            updateDetails(id, d);
        }

        @Override
        public void updateDetails(UUID id, EmployerDetails d) {
            detailUpdates.add(new Object[] {d.name(), d.naf(), d.addressLine1(), d.addressLine2(), d.postalCode(), d.commune(),
                    d.inseeCode(), d.phone(), now, id});
        }

        @Override
        public void changeSiret(UUID id, String previousSiret, String siret) {
            siretChanges.add(new Object[] {siret, now, id});
            previousSirets.add(new Object[] {id, previousSiret, now});
        }

        @Override
        public void employersDeactivatedAt(UUID conventionId, Instant deactivatedAt) {
            deactivations.add(new Object[] {timestamp(deactivatedAt), now, conventionId});
        }

        @Override
        public void event(EmployerEvent event) {
            events.add(event);
        }

        @Override
        public void reject(long line, Rejection rejection, String value) {
            rejects.add(new Object[] {line, rejection, value});
        }

        void flush() {
            jdbc.batchUpdate("""
                    INSERT INTO convention (id, asp_id, kind, siret_signature, active, deactivated_at, updated_at)
                    VALUES (?, ?, ?, ?, ?, ?, ?)""", newConventions);
            jdbc.batchUpdate("UPDATE convention SET siret_signature = ?, active = ?, deactivated_at = ?, updated_at = ? WHERE id = ?",
                    conventionUpdates);
            jdbc.batchUpdate("DELETE FROM financial_annex WHERE convention_id = ? AND number = ?", annexDeletes);
            jdbc.batchUpdate("""
                    INSERT INTO financial_annex (convention_id, number, start_date, end_date, state) VALUES (?, ?, ?, ?, ?)
                    ON CONFLICT (convention_id, number) DO UPDATE
                    SET start_date = excluded.start_date, end_date = excluded.end_date, state = excluded.state""", annexPuts);
            jdbc.batchUpdate("""
                    INSERT INTO employer (id, siret, kind, status, asp_id, convention_id, name, naf, address_line1, address_line2,
                                          postal_code, commune, insee_code, phone, updated_at)
                    VALUES (?, ?, ?, 'ACTIVE', ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)""", newEmployers);
            jdbc.batchUpdate("""
                    UPDATE employer SET status = 'ACTIVE', asp_id = ?, convention_id = ?, deactivated_at = ?, updated_at = ?
                    WHERE id = ?""", attachments);
            jdbc.batchUpdate("""
                    UPDATE employer SET name = ?, naf = ?, address_line1 = ?, address_line2 = ?, postal_code = ?, commune = ?,
                                        insee_code = ?, phone = ?, updated_at = ? WHERE id = ?""", detailUpdates);
            jdbc.batchUpdate("INSERT INTO employer_previous_siret (employer_id, siret, replaced_at) VALUES (?, ?, ?) ON CONFLICT DO NOTHING",
                    previousSirets);
            jdbc.batchUpdate("UPDATE employer SET siret = ?, updated_at = ? WHERE id = ?", siretChanges);
            jdbc.batchUpdate("UPDATE employer SET deactivated_at = ?, updated_at = ? WHERE convention_id = ?", deactivations);
            // after the employers and conventions above: the fiches salarié that react to these events (EMP-25, FS-01)
            // find the new SIRET and their mother SIRET
            outbox.appendAll(Outbox.EMPLOYER_EVENTS, events.stream()
                    .map(e -> new Outbox.Event(e.getSiret(), e.getType().name(), e.getEventId(), e)).toList());
            for (Object[] reject : rejects) {
                journal.reject(exchange, (Long) reject[0], (Rejection) reject[1], (String) reject[2]);
            }
        }
    }
}
