package fr.passerelle.iae.registry.pass;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.LocalDate;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.rules.DateRange;

/** SQL of the PASS registry tables. */
@Component
public class PassStore {

    private static final String COLUMNS = "number, person_id, start_date, end_date, origin, origin_siret, origin_kind";

    private final JdbcClient jdbc;

    public PassStore(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<PassRow> find(String number) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pass WHERE number = ?").param(number).query(this::row).optional();
    }

    /** The PASS row locked for the rest of the transaction: changes of one PASS are serialised. */
    public Optional<PassRow> lock(String number) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pass WHERE number = ? FOR UPDATE").param(number).query(this::row).optional();
    }

    /** PASS-30: the current-or-future PASS if any, else the one with the latest end (tie: earliest start). */
    public Optional<PassRow> latestOf(UUID personId) {
        return jdbc.sql("SELECT " + COLUMNS + " FROM pass WHERE person_id = ? ORDER BY end_date DESC, start_date ASC LIMIT 1")
                .param(personId)
                .query(this::row)
                .optional();
    }

    public List<DateRange> suspensionsOf(String number) {
        return jdbc.sql("SELECT start_date, end_date FROM suspension WHERE pass_number = ? ORDER BY start_date")
                .param(number)
                .query((rs, n) -> new DateRange(rs.getObject(1, LocalDate.class), rs.getObject(2, LocalDate.class)))
                .list();
    }

    public void updateDates(String number, LocalDate start, LocalDate end) {
        // SUSP-11: any change of the dates makes France Travail's copy stale; the notification of the new dates is
        // another one, which no earlier attempt can have installed (PARTNERS §3.5)
        jdbc.sql("UPDATE pass SET start_date = ?, end_date = ?, ft_status = 'PENDING', ft_maybe_installed = false, updated_at = now() "
                        + "WHERE number = ?")
                .params(start, end, number)
                .update();
    }

    private PassRow row(ResultSet rs, int n) throws SQLException {
        return new PassRow(rs.getString("number"), rs.getObject("person_id", UUID.class),
                rs.getObject("start_date", LocalDate.class), rs.getObject("end_date", LocalDate.class),
                rs.getString("origin"), rs.getString("origin_siret"), rs.getString("origin_kind"));
    }
}
