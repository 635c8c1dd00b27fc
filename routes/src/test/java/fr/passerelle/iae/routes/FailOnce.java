package fr.passerelle.iae.routes;

import java.util.UUID;

import javax.sql.DataSource;

import org.springframework.jdbc.core.JdbcTemplate;

/**
 * A real database fault for a test: the first row of {@code event} on {@code table} that meets {@code condition} (a
 * PL/pgSQL condition on {@code NEW}) raises {@code message}, as a hub stopped before its commit would leave it; every
 * later row goes through. Closed, the trigger is gone.
 */
public final class FailOnce implements AutoCloseable {

    private final JdbcTemplate jdbc;
    private final String name = "test_fail_" + UUID.randomUUID().toString().replace("-", "");
    private final String table;

    private FailOnce(DataSource database, String event, String table, String condition, String message) {
        this.jdbc = new JdbcTemplate(database);
        this.table = table;
        jdbc.execute("CREATE SEQUENCE " + name);
        jdbc.execute("""
                CREATE FUNCTION %1$s() RETURNS trigger LANGUAGE plpgsql AS $$
                BEGIN
                  IF %2$s AND nextval('%1$s') = 1 THEN RAISE EXCEPTION '%3$s'; END IF;
                  RETURN NEW;
                END $$""".formatted(name, condition, message.replace("'", "''")));
        jdbc.execute("CREATE TRIGGER " + name + " BEFORE " + event + " ON " + table + " FOR EACH ROW EXECUTE FUNCTION " + name + "()");
    }

    /** @param event {@code INSERT} or {@code UPDATE} */
    public static FailOnce on(DataSource database, String event, String table, String condition, String message) {
        return new FailOnce(database, event, table, condition, message);
    }

    @Override
    public void close() {
        jdbc.execute("DROP TRIGGER " + name + " ON " + table);
        jdbc.execute("DROP FUNCTION " + name + "()");
        jdbc.execute("DROP SEQUENCE " + name);
    }
}
