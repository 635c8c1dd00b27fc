package fr.passerelle.iae.registry.francetravail;

import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.events.PassEventType;
import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.identity.FranceTravailId;
import fr.passerelle.iae.registry.RegistryTransaction;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.ExchangeRun;
import fr.passerelle.iae.registry.pass.AgrementsAtHire;
import fr.passerelle.iae.registry.pass.PassEvents;
import fr.passerelle.iae.registry.pass.PassRow;
import fr.passerelle.iae.registry.pass.PassStore;
import fr.passerelle.iae.registry.person.Identity;
import fr.passerelle.iae.registry.person.Person;
import fr.passerelle.iae.registry.person.PersonMatching;

/**
 * Step "apply" of an agréments file, second half: each changed agrément linked to its person (LEG-06, DOMAIN
 * §2.6: France Travail id + birth date, never names) and made a PASS with the same number and dates, origin
 * {@code MIGRATED_AGREMENT} (LEG-07), so that PassIssuance reuses it and applies the waiting period after it.
 * A number held by someone else or an overlap with another PASS of the person is reported, never overwritten.
 */
@Component
public class AgrementLinking implements AgrementsAtHire {

    public static final String ORIGIN = "MIGRATED_AGREMENT";
    private static final int CHUNK = 500;

    enum Outcome { LINKED, UNCHANGED, UNLINKED, REJECTED }

    private record Agrement(String root, LocalDate start, LocalDate end, String franceTravailId, LocalDate birthDate,
                            String lastName, String firstName, boolean mismatch, long line) {
    }

    private final JdbcClient jdbc;
    private final PersonMatching persons;
    private final PassStore passes;
    private final PassEvents events;
    private final ExchangeJournal journal;
    private final RegistryTransaction transaction;
    private final String prefix;

    public AgrementLinking(JdbcClient jdbc, PersonMatching persons, PassStore passes, PassEvents events, ExchangeJournal journal,
                           RegistryTransaction transaction, @Value("${passerelle.registry.issuer-prefix:99999}") String prefix) {
        this.jdbc = jdbc;
        this.persons = persons;
        this.passes = passes;
        this.events = events;
        this.journal = journal;
        this.transaction = transaction;
        this.prefix = prefix;
    }

    /**
     * Links every agrément the file changed, one chunk of roots per transaction of the file's run; then PASS-05, and
     * the run closed with its counts.
     */
    public AgrementRun link(ExchangeRun run) {
        UUID exchangeId = run.id();
        // most legacy agréments name people the registry has never seen: AgrementImport stored those UNLINKED already
        String after = "";
        while (true) {
            String from = after;
            List<Agrement> chunk = jdbc.sql("SELECT " + COLUMNS + " FROM ft_agrement WHERE status = 'NEW' AND exchange_id = ? "
                            + "AND root > ? ORDER BY root LIMIT ?")
                    .params(exchangeId, from, CHUNK).query((rs, n) -> agrement(rs)).list();
            if (chunk.isEmpty()) {
                break;
            }
            run.chunk(run.checkpoint(), () -> {
                long linked = 0;
                for (Agrement a : chunk) {
                    linked += linkOne(a, exchangeId) == Outcome.LINKED ? 1 : 0;
                }
                return tally(exchangeId, linked);
            });
            after = chunk.get(chunk.size() - 1).root();
        }
        alignCounter();
        return run.done(() -> {
            long roots = jdbc.sql("SELECT count(*) FROM ft_agrement WHERE seen_exchange_id = ?").param(exchangeId)
                    .query(Long.class).single();
            // every row the file changed is NEW until linked: those REJECTED now were rejected by this linking
            long rejected = jdbc.sql("SELECT count(*) FROM ft_agrement WHERE exchange_id = ? AND status = 'REJECTED'")
                    .param(exchangeId).query(Long.class).single();
            long unlinked = jdbc.sql("SELECT count(*) FROM ft_agrement WHERE exchange_id = ? AND status = 'UNLINKED'")
                    .param(exchangeId).query(Long.class).single();
            // every other root of the file was already stored as it is now (LEG-05); every kept row beyond its root's
            // first was merged into it (LEG-04): rows read = skipped + rejected rows + merged + roots
            jdbc.sql("UPDATE ft_agrement_run SET roots = ?, unlinked = ?, unchanged = ? - linked - ? - ?, rejected = rejected + ?, "
                            + "merged = rows_read - skipped - rejected - ? WHERE exchange_id = ?")
                    .params(roots, unlinked, roots, unlinked, rejected, rejected, roots, exchangeId)
                    .update();
            return run(exchangeId).orElseThrow();
        }, loaded -> new ExchangeRun.Closing(loaded.counts(), loaded.outcomes(), null));
    }

    /**
     * Adds a chunk's outcomes to the run's counts in the chunk's transaction: a run resumed after a crash closes with
     * what its first life linked too, not only what it linked itself.
     */
    private int tally(UUID exchangeId, long linked) {
        return jdbc.sql("UPDATE ft_agrement_run SET linked = linked + ? WHERE exchange_id = ?")
                .params(linked, exchangeId).update();
    }

    public Optional<AgrementRun> run(UUID exchangeId) {
        return jdbc.sql("SELECT rows_read, skipped, rejected, roots, linked, unchanged, unlinked, merged FROM ft_agrement_run "
                        + "WHERE exchange_id = ?")
                .param(exchangeId)
                .query((rs, n) -> new AgrementRun(exchangeId, rs.getLong(1), rs.getLong(2), rs.getLong(3), rs.getLong(4),
                        rs.getLong(5), rs.getLong(6), rs.getLong(7), rs.getLong(8)))
                .optional();
    }

    /** LEG-06: unlinked agréments tried again, now that new persons may have arrived; returns how many were linked. */
    public long relink() {
        long linked = 0;
        String after = "";
        while (true) {
            String from = after;
            List<Agrement> chunk = jdbc.sql("SELECT " + COLUMNS + " FROM ft_agrement a WHERE status = 'UNLINKED' AND root > ? "
                            + "AND " + MATCHABLE + " ORDER BY root LIMIT ?")
                    .params(from, CHUNK).query((rs, n) -> agrement(rs)).list();
            if (chunk.isEmpty()) {
                return linked;
            }
            linked += transaction.run(() -> chunk.stream().filter(a -> linkOne(a, null) == Outcome.LINKED).count());
            after = chunk.get(chunk.size() - 1).root();
        }
    }

    /**
     * LEG-06, LEG-07 at a hire: the person's agréments not linked yet (a file loaded before the person was known, or
     * still being linked) are linked now, in the hire's transaction and under the identity lock it holds, so that the
     * decision that follows sees a current agrément as the person's PASS and an ended one as its waiting period.
     */
    @Override
    public void linkAtHire(Person person) {
        if (person.franceTravailId() == null || person.birthDate() == null
                || !new FranceTravailId(person.franceTravailId()).matchable()) {
            return;
        }
        List<Agrement> pending = jdbc.sql("SELECT " + COLUMNS + " FROM ft_agrement WHERE france_travail_id = ? AND birth_date = ? "
                        + "AND " + PENDING_AT_HIRE + " ORDER BY root FOR UPDATE")
                .params(person.franceTravailId(), person.birthDate()).query((rs, n) -> agrement(rs)).list();
        for (Agrement a : pending) {
            linkOne(a, null);
        }
    }

    /** Agréments waiting for their person (LEG-06). */
    public long unlinked() {
        return jdbc.sql("SELECT count(*) FROM ft_agrement WHERE status = 'UNLINKED'").query(Long.class).single();
    }

    private Outcome linkOne(Agrement a, UUID exchangeId) {
        try {
            return transaction.run(() -> decide(a, exchangeId));
        } catch (RejectedException e) {
            return reject(a, exchangeId, e.rejection());
        }
    }

    private Outcome decide(Agrement a, UUID exchangeId) {
        if (a.mismatch()) {
            throw new RejectedException("LEG-04", "LEG_IDENTITY_MISMATCH", "ID_REGIONAL_BENE",
                    "Les lignes de l'agrément " + a.root() + " portent des identifiants France Travail ou des dates de naissance "
                            + "différents : elles pourraient mêler deux personnes.");
        }
        Identity identity = new Identity(null, new FranceTravailId(a.franceTravailId()), null, a.lastName(), a.firstName(),
                a.birthDate());
        Optional<Person> person = Optional.empty();
        if (identity.franceTravailMatchable()) {
            // the lock a hire of this person holds: the agrément is linked either before that hire decides or after it
            persons.lock(identity);
            person = persons.match(identity);
        }
        if (person.isEmpty()) {
            setStatus(a.root(), "UNLINKED", null, null);
            return Outcome.UNLINKED;
        }
        UUID personId = person.get().id();
        boolean retired = jdbc.sql("SELECT count(*) FROM cancelled_pass WHERE number = ?").param(a.root()).query(Long.class).single() > 0;
        Optional<PassRow> existing = passes.lock(a.root());
        if (retired || existing.isPresent() && !existing.get().personId().equals(personId)) {
            throw new RejectedException("LEG-07", "LEG_NUMBER_CONFLICT", "NUM_AGR_DEC",
                    "Le numéro " + a.root() + " est déjà celui d'un PASS IAE d'une autre personne (ou d'un PASS annulé) : "
                            + "rien n'est converti.");
        }
        LocalDate start = existing.map(p -> min(p.startDate(), a.start())).orElse(a.start());
        LocalDate end = existing.map(p -> max(p.endDate(), a.end())).orElse(a.end());
        if (existing.isPresent() && existing.get().startDate().equals(start) && existing.get().endDate().equals(end)) {
            setStatus(a.root(), "LINKED", personId, null);
            return Outcome.UNCHANGED;
        }
        List<String> overlapping = jdbc.sql("SELECT number FROM pass WHERE person_id = ? AND number <> ? "
                        + "AND daterange(start_date, end_date, '[]') && daterange(?, ?, '[]') ORDER BY start_date")
                .params(personId, a.root(), start, end).query(String.class).list();
        if (!overlapping.isEmpty()) {
            throw new RejectedException("PASS-20", "LEG_PASS_OVERLAP", "DATE_DEB",
                    "L'agrément " + a.root() + " (" + start + " … " + end + ") chevauche le PASS IAE " + overlapping.get(0)
                            + " de la même personne : rien n'est converti.");
        }
        PassRow pass;
        if (existing.isPresent()) {
            passes.updateDates(a.root(), start, end);
            pass = existing.get().withDates(start, end);
            events.record(events.about(PassEventType.PassMigrated, pass)
                    .setPreviousStartDate(existing.get().startDate()).setPreviousEndDate(existing.get().endDate()).build());
        } else {
            jdbc.sql("INSERT INTO pass_number (number) VALUES (?)").param(a.root()).update();
            jdbc.sql("INSERT INTO pass (number, person_id, start_date, end_date, origin) VALUES (?, ?, ?, ?, '" + ORIGIN + "')")
                    .params(a.root(), personId, start, end).update();
            pass = new PassRow(a.root(), personId, start, end, ORIGIN, null, null);
            events.record(events.about(PassEventType.PassMigrated, pass).build());
        }
        setStatus(a.root(), "LINKED", personId, null);
        return Outcome.LINKED;
    }

    private Outcome reject(Agrement a, UUID exchangeId, Rejection rejection) {
        setStatus(a.root(), "REJECTED", null, rejection.code());
        if (exchangeId != null) {
            journal.reject(exchangeId, a.line(), rejection, a.root());
        }
        return Outcome.REJECTED;
    }

    private void setStatus(String root, String status, UUID personId, String rejectCode) {
        jdbc.sql("UPDATE ft_agrement SET status = ?, person_id = COALESCE(?, person_id), reject_code = ?, updated_at = now() "
                        + "WHERE root = ?")
                .params(status, personId, rejectCode, root).update();
    }

    /**
     * PASS-05: after loading, the issuance counter stands above the 7-digit tail of every number with the issuer
     * prefix (migrated roots never have it, LEG-08, but older numbers loaded with them may).
     */
    public void alignCounter() {
        jdbc.sql("""
                SELECT setval('pass_counter', m.tail) FROM (
                    SELECT max(substring(number FROM 6)::bigint) AS tail FROM pass_number
                    WHERE left(number, 5) = ? AND substring(number FROM 6) ~ '^[0-9]{7}$') m, pass_counter c
                WHERE m.tail IS NOT NULL AND m.tail >= CASE WHEN c.is_called THEN c.last_value + 1 ELSE c.last_value END""")
                .param(prefix).query(Long.class).list();
    }

    /**
     * Not linked yet, or overtaken by another PASS of the person (reported by {@link AgrementOverlaps}): tried again at
     * each hire, so that the agrément becomes the PASS once the overlapping one is cancelled. As the index
     * {@code ft_agrement_pending_person} is written.
     */
    private static final String PENDING_AT_HIRE = "(status IN ('NEW', 'UNLINKED') OR reject_code = 'LEG_PASS_OVERLAP')";
    /** ID-61: someone holds this France Travail id with this birth date (the placeholder id never matches). */
    private static final String MATCHABLE = "(a.france_travail_id <> '00000000' AND EXISTS (SELECT 1 FROM person p "
            + "WHERE p.france_travail_id = a.france_travail_id AND p.birth_date = a.birth_date))";
    private static final String COLUMNS = "root, start_date, end_date, france_travail_id, birth_date, last_name, first_name, mismatch, line";

    private static Agrement agrement(java.sql.ResultSet rs) throws java.sql.SQLException {
        return new Agrement(rs.getString(1), rs.getObject(2, LocalDate.class), rs.getObject(3, LocalDate.class), rs.getString(4),
                rs.getObject(5, LocalDate.class), rs.getString(6), rs.getString(7), rs.getBoolean(8), rs.getLong(9));
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }
}
