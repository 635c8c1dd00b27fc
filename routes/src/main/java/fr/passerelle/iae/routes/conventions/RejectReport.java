package fr.passerelle.iae.routes.conventions;

import java.util.UUID;
import java.util.function.Predicate;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rejected records of an exchange as CSV (API.md {@code GET /ops/exchanges/{id}/rejects}, and the
 * {@code <file>.rejects.csv} written back beside a delivery): line, field, rule, code, message, masked value.
 */
@Component
public class RejectReport {

    static final String HEADER = "line,field,rule,code,message,value\n";

    private final JdbcTemplate jdbc;

    public RejectReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(UUID exchange) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM exchange WHERE id = ?)", Boolean.class, exchange));
    }

    /** The rejects whose field passes {@code fields} (null for a reject about the whole delivery). */
    public String csv(UUID exchange, Predicate<String> fields) {
        StringBuilder csv = new StringBuilder(HEADER);
        jdbc.query("SELECT line, field, rule, code, message, masked_value FROM reject WHERE exchange_id = ? ORDER BY id",
                rs -> {
                    String field = rs.getString(2);
                    if (!fields.test(field)) {
                        return;
                    }
                    long line = rs.getLong(1);
                    csv.append(rs.wasNull() ? "" : Long.toString(line));
                    for (int column = 2; column <= 6; column++) {
                        csv.append(',').append(quoted(rs.getString(column)));
                    }
                    csv.append('\n');
                }, exchange);
        return csv.toString();
    }

    public int count(UUID exchange) {
        return jdbc.queryForObject("SELECT count(*) FROM reject WHERE exchange_id = ?", Integer.class, exchange);
    }

    /** RFC 4180: a value holding a comma, a quote or a line break is quoted, its quotes doubled. */
    private static String quoted(String value) {
        if (value == null) {
            return "";
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
