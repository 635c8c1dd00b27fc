package fr.passerelle.iae.registry.francetravail;

import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.pass.PassEvents;
import fr.passerelle.iae.registry.pass.PassRow;

/**
 * The daily PASS file shared with France Travail agencies: every PASS issued or changed since the previous file
 * (a line of its history), with its current dates, origin SIRET and status ({@code CANCELLED} once retired).
 * "Since the previous file" is in commit order, not by the time a change was stamped with: each file takes the history
 * lines committed and in no file yet, and marks them with its name, so that every change is in exactly one file.
 */
@Component
public class SharedPassFile {

    public record Line(String number, LocalDate start, LocalDate end, String siret, String status) {
    }

    private final JdbcClient jdbc;
    private final PassEvents events;
    private final Clock clock;

    public SharedPassFile(JdbcClient jdbc, PassEvents events, Clock clock) {
        this.jdbc = jdbc;
        this.events = events;
        this.clock = clock;
    }

    public boolean writtenFor(LocalDate day) {
        return jdbc.sql("SELECT count(*) FROM ft_pass_file WHERE day = ?").param(day).query(Long.class).single() > 0;
    }

    /**
     * Takes for the file {@code name} the changes committed and in no file yet (call in the file's transaction): a
     * change still uncommitted is invisible here, stays in no file and goes into the next one, whenever stamped.
     */
    public List<Line> take(String name) {
        List<String> numbers = jdbc.sql("""
                WITH taken AS (UPDATE pass_history SET ft_file = ? WHERE ft_file IS NULL RETURNING pass_number)
                SELECT DISTINCT pass_number FROM taken ORDER BY pass_number""")
                .param(name).query(String.class).list();
        List<Line> lines = new ArrayList<>(numbers.size());
        for (String number : numbers) {
            Optional<Line> pass = jdbc.sql("SELECT number, person_id, start_date, end_date, origin, origin_siret, origin_kind FROM pass "
                            + "WHERE number = ?")
                    .param(number)
                    .query((rs, n) -> new PassRow(rs.getString(1), rs.getObject(2, java.util.UUID.class),
                            rs.getObject(3, LocalDate.class), rs.getObject(4, LocalDate.class), rs.getString(5), rs.getString(6),
                            rs.getString(7)))
                    .optional()
                    .map(p -> new Line(p.number(), p.startDate(), p.endDate(), siret(p), events.statusOf(p).name()));
            pass.or(() -> jdbc.sql("SELECT number, start_date, end_date, origin_siret FROM cancelled_pass WHERE number = ?")
                            .param(number)
                            .query((rs, n) -> new Line(rs.getString(1), rs.getObject(2, LocalDate.class),
                                    rs.getObject(3, LocalDate.class), rs.getString(4), "CANCELLED"))
                            .optional())
                    .ifPresent(lines::add);
        }
        return lines;
    }

    /** A file whose changes are taken, to be written (call in the transaction that took them). */
    public record Prepared(LocalDate day, String name, byte[] content, int rows) {
    }

    public void prepared(Prepared file, Instant until) {
        jdbc.sql("INSERT INTO ft_pass_file (day, until, name, rows, content, status) VALUES (?, ?, ?, ?, ?, 'PREPARED') "
                        + "ON CONFLICT (day) DO UPDATE SET until = excluded.until, name = excluded.name, rows = excluded.rows, "
                        + "content = excluded.content, status = 'PREPARED'")
                .params(file.day(), Timestamp.from(until), file.name(), file.rows(), file.content()).update();
    }

    /** A file prepared and not known to be written: a run that died before it could say so. */
    public Optional<Prepared> unwritten() {
        return jdbc.sql("SELECT day, name, content, rows FROM ft_pass_file WHERE status = 'PREPARED' ORDER BY day LIMIT 1")
                .query((rs, n) -> new Prepared(rs.getObject(1, LocalDate.class), rs.getString(2), rs.getBytes(3), rs.getInt(4)))
                .optional();
    }

    /** Whether a file of that name was already made: the latest file of each day is kept, and one second names two alike. */
    public boolean named(String name) {
        return jdbc.sql("SELECT count(*) FROM ft_pass_file WHERE name = ?").param(name).query(Long.class).single() > 0;
    }

    public void written(String name) {
        jdbc.sql("UPDATE ft_pass_file SET status = 'WRITTEN', content = NULL WHERE name = ?").param(name).update();
    }

    public Instant now() {
        return clock.instant();
    }

    private String siret(PassRow pass) {
        if (pass.originSiret() != null) {
            return pass.originSiret();
        }
        // a migrated agrément has no origin snapshot: the employer of its latest hire, if any
        return jdbc.sql("SELECT siret FROM hire WHERE pass_number = ? AND cancelled_at IS NULL ORDER BY accepted_at DESC LIMIT 1")
                .param(pass.number()).query(String.class).optional().orElse("");
    }
}
