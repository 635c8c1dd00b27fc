package fr.passerelle.iae.routes.conventions;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;

/** {@code GET /api/v1/ops/exchanges/{id}/rejects}: what a spreadsheet opens, bounded and inert. */
class RejectReportTest extends HubTestSupport {

    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private JdbcClient jdbc;

    private UUID exchange() {
        return journal.open("conventions", "ASP", ExchangeJournal.Direction.IN, "fluxIAE_" + UUID.randomUUID() + ".zip",
                keptFile("ASP", 1), 1, null).orElseThrow();
    }

    @Test
    void OWASP_CSV_injection_a_rejected_value_a_spreadsheet_would_evaluate_comes_back_inert() {
        UUID exchange = exchange();
        List<String> hostile = List.of("=1+1", "+33 6 12", "-2+3", "@SUM(A1:A2)", "\t=cmd", "=HYPERLINK(\"http://x\",\"y\")");
        for (String value : hostile) {
            journal.reject(exchange, 2L, new Rejection("EMP-01", "INVALID_SIRET", "=field", "=message"), value);
        }

        String csv = get("/api/v1/ops/exchanges/" + exchange + "/rejects", fullKey()).raw();

        List<String> lines = csv.lines().skip(1).toList();
        assertThat(lines).hasSize(hostile.size());
        for (String line : lines) {
            for (String cell : line.split(",(?=(?:[^\"]*\"[^\"]*\")*[^\"]*$)")) {
                String value = cell.startsWith("\"") ? cell.substring(1) : cell;
                assertThat(value).as(line).doesNotStartWith("=").doesNotStartWith("+").doesNotStartWith("-").doesNotStartWith("@")
                        .doesNotStartWith("\t").doesNotStartWith("\r");
            }
        }
        assertThat(RejectReport.cell("\r=cmd")).isEqualTo("\"'\r=cmd\"");
        assertThat(csv).contains("'=1+1").contains("'@SUM(A1:A2)").contains("\"'=HYPERLINK(\"\"http://x\"\",\"\"y\"\")\"");
    }

    @Test
    void a_report_stops_at_its_first_10_000_rejects_and_says_how_many_more_there_are() {
        UUID exchange = exchange();
        jdbc.sql("INSERT INTO reject (exchange_id, line, field, rule, code, message, masked_value) "
                + "SELECT ?, g, 'siret', 'EMP-01', 'INVALID_SIRET', 'SIRET invalide', '4419876580001*' FROM generate_series(1, 10042) g")
                .param(exchange).update();

        List<String> lines = get("/api/v1/ops/exchanges/" + exchange + "/rejects", fullKey()).raw().lines().toList();

        assertThat(lines).hasSize(1 + RejectReport.MAX_ROWS + 1);
        assertThat(lines.get(RejectReport.MAX_ROWS)).startsWith("10000,siret,EMP-01");
        assertThat(lines.get(lines.size() - 1)).contains("42 rejets de plus").contains("10042 au total");
    }
}
