package fr.passerelle.iae.routes.conventions;

import java.util.UUID;

import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.stereotype.Component;

/**
 * The rejected records of an exchange as CSV (API.md {@code GET /ops/exchanges/{id}/rejects}, and the
 * {@code <file>.rejects.csv} written back beside a delivery): line, field, rule, code, message, masked value. Operators
 * open it in a spreadsheet and send it back to partners: a value that a spreadsheet would read as a formula is
 * neutralised (OWASP CSV injection), and the report stops at its first {@value #MAX_ROWS} rejects, its last line saying
 * how many more the journal holds.
 */
@Component
public class RejectReport {

    static final String HEADER = "line,field,rule,code,message,value\n";
    static final int MAX_ROWS = 10_000;

    private final JdbcTemplate jdbc;

    public RejectReport(JdbcTemplate jdbc) {
        this.jdbc = jdbc;
    }

    public boolean exists(UUID exchange) {
        return Boolean.TRUE.equals(jdbc.queryForObject("SELECT EXISTS (SELECT 1 FROM exchange WHERE id = ?)", Boolean.class, exchange));
    }

    /** Every reject of the exchange. */
    public String csv(UUID exchange) {
        return csv(exchange, "true");
    }

    /**
     * The rejects of one file of a delivery: those whose field starts with {@code prefix} ({@code inPrefix}), or the
     * others, rejects about the whole delivery included (null field).
     */
    public String csv(UUID exchange, String prefix, boolean inPrefix) {
        String starts = "left(field, " + prefix.length() + ") = '" + prefix.replace("'", "''") + "'";
        return csv(exchange, inPrefix ? "field IS NOT NULL AND " + starts : "(field IS NULL OR NOT " + starts + ")");
    }

    private String csv(UUID exchange, String filter) {
        StringBuilder csv = new StringBuilder(HEADER);
        jdbc.query("SELECT line, field, rule, code, message, masked_value FROM reject WHERE exchange_id = ? AND " + filter
                        + " ORDER BY id LIMIT " + MAX_ROWS,
                rs -> {
                    long line = rs.getLong(1);
                    csv.append(rs.wasNull() ? "" : Long.toString(line));
                    for (int column = 2; column <= 6; column++) {
                        csv.append(',').append(cell(rs.getString(column)));
                    }
                    csv.append('\n');
                }, exchange);
        long total = jdbc.queryForObject("SELECT count(*) FROM reject WHERE exchange_id = ? AND " + filter, Long.class, exchange);
        if (total > MAX_ROWS) {
            csv.append(",,,,").append(cell("… " + (total - MAX_ROWS) + " rejets de plus, non listés : " + total
                    + " au total, les " + MAX_ROWS + " premiers ci-dessus.")).append(",\n");
        }
        return csv.toString();
    }

    public int count(UUID exchange) {
        return jdbc.queryForObject("SELECT count(*) FROM reject WHERE exchange_id = ?", Integer.class, exchange);
    }

    /**
     * RFC 4180: a value holding a comma, a quote or a line break is quoted, its quotes doubled; one starting with
     * {@code = + - @}, a tab or a carriage return is prefixed with {@code '} so that no spreadsheet evaluates it.
     */
    static String cell(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty() && "=+-@\t\r".indexOf(value.charAt(0)) >= 0) {
            value = "'" + value;
        }
        if (value.indexOf(',') < 0 && value.indexOf('"') < 0 && value.indexOf('\n') < 0 && value.indexOf('\r') < 0) {
            return value;
        }
        return '"' + value.replace("\"", "\"\"") + '"';
    }
}
