package fr.passerelle.iae.routes.events;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import javax.sql.DataSource;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.routes.FailOnce;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The tick policy of the routes ({@code RoutePolicies.TICK}) on a real fault: the database fails the relay's first
 * mark of published events; the flow says why and a later tick publishes them.
 */
class OutboxRelayFaultTest extends HubTestSupport {

    @Autowired
    private JdbcTemplate jdbc;
    @Autowired
    private DataSource database;

    @Test
    void a_fault_of_the_relay_fails_the_flow_and_the_next_tick_publishes() {
        String probe = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        try (FailOnce fault = FailOnce.on(database, "UPDATE", "outbox", "true", probe)) {
            Answer issued = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())));
            String number = issued.body().get("number").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.query("SELECT last_error FROM flow_state WHERE flow = ?",
                    rows -> rows.next() && rows.getString(1) != null && rows.getString(1).contains(probe), EventRelayFlow.ID));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NULL", Long.class, number) == 0);
        }
    }
}
