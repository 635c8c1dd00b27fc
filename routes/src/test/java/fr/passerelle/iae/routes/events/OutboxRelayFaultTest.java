package fr.passerelle.iae.routes.events;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The tick policy of the routes ({@code RoutePolicies.TICK}) on a real fault: the database fails the relay's first
 * mark of published events; the flow says why and a later tick publishes them.
 */
class OutboxRelayFaultTest extends HubTestSupport {

    @Autowired
    private JdbcTemplate jdbc;

    @Test
    void a_fault_of_the_relay_fails_the_flow_and_the_next_tick_publishes() {
        String probe = "fault-" + UUID.randomUUID().toString().substring(0, 8);
        String sequence = "test_fail_" + UUID.randomUUID().toString().replace("-", "");
        jdbc.execute("CREATE SEQUENCE " + sequence);
        jdbc.execute("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF nextval('%1$s') = 1 THEN RAISE EXCEPTION '%2$s'; END IF;
                  RETURN NEW;
                END $$""".formatted(sequence, probe));
        jdbc.execute("CREATE TRIGGER " + sequence + " BEFORE UPDATE ON outbox FOR EACH ROW EXECUTE FUNCTION " + sequence + "()");
        try {
            Answer issued = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), toJson(PassFixtures.newHire(today())));
            String number = issued.body().get("number").asText();

            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.query("SELECT last_error FROM flow_state WHERE flow = ?",
                    rows -> rows.next() && rows.getString(1) != null && rows.getString(1).contains(probe), EventRelayFlow.ID));
            await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.queryForObject(
                    "SELECT count(*) FROM outbox WHERE event_key = ? AND published_at IS NULL", Long.class, number) == 0);
        } finally {
            jdbc.execute("DROP TRIGGER " + sequence + " ON outbox");
            jdbc.execute("DROP FUNCTION " + sequence + "()");
            jdbc.execute("DROP SEQUENCE " + sequence);
        }
    }
}
