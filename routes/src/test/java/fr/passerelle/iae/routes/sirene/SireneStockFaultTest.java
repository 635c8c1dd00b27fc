package fr.passerelle.iae.routes.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.routes.FailOnce;
import fr.passerelle.iae.routes.HubTestSupport;

/**
 * The drop-box policy of the routes ({@code RoutePolicies.DROP_BOX}) on a real fault: the database fails a file's first
 * journal insert, as a hub stopped before its commit would; the flow says why, the file stays and the next poll
 * applies it.
 */
class SireneStockFaultTest extends HubTestSupport {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DataSource database;

    @Test
    void a_fault_of_the_hub_on_a_stock_file_fails_the_flow_and_leaves_the_file_for_the_next_poll() {
        String name = "StockEtablissementLiensSuccession_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        String probe = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        try (FailOnce fault = FailOnce.on(database, "INSERT", "exchange", "NEW.name = '" + name + "'", probe)) {
            // a link between two unknown establishments: bytes of their own, applied with no effect on the registry
            String link = SireneFixtures.siret() + "," + SireneFixtures.siret() + ",2026-01-01,false,true,2026-01-02T00:00:00";
            SireneFixtures.drop(name, (SireneFixtures.SUCCESSION_HEADER + "\n" + link + "\n").getBytes(StandardCharsets.UTF_8));

            await().atMost(Duration.ofSeconds(60)).until(() -> lastError("sirene-stock").contains(probe));
            await().atMost(Duration.ofSeconds(60)).until(() -> "DONE".equals(jdbc.query(
                    "SELECT status FROM exchange WHERE flow = 'sirene-stock' AND name = ?",
                    rows -> rows.next() ? rows.getString(1) : null, name)));
            assertThat(jdbc.queryForObject("SELECT count(*) FROM exchange WHERE flow = 'sirene-stock' AND name = ?", Long.class, name))
                    .isEqualTo(1);
        }
    }

    private String lastError(String flow) {
        String error = jdbc.query("SELECT last_error FROM flow_state WHERE flow = ?", rows -> rows.next() ? rows.getString(1) : null, flow);
        return error == null ? "" : error;
    }
}
