package fr.passerelle.iae.connectors.infra;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;

/**
 * The database role the hub works as, apart from the one that runs the migrations: not a superuser, it can read and
 * append the evidence tables but never change them (the migrations give those tables to another role, see
 * {@code afterMigrate.sql}). Made by whoever administers the server: the embedded default, the test servers, or the
 * DBA on existing services (README).
 */
public final class HubRole {

    public static final String NAME = "passerelle_hub";

    private HubRole() {
    }

    /** Makes the login role if missing, with that password either way, allowed to create objects in the database's public schema. */
    public static void ensure(String jdbcUrl, String adminUser, String adminPassword, String password) throws SQLException {
        try (Connection admin = DriverManager.getConnection(jdbcUrl, adminUser, adminPassword);
             Statement statement = admin.createStatement()) {
            boolean exists;
            try (PreparedStatement query = admin.prepareStatement("select 1 from pg_roles where rolname = ?")) {
                query.setString(1, NAME);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            // CREATE ROLE takes no bind parameter: the password goes in as a quoted literal
            String literal = "'" + password.replace("'", "''") + "'";
            statement.execute((exists ? "alter role " : "create role ") + NAME
                    + " login nosuperuser nocreatedb nocreaterole noreplication password " + literal);
            statement.execute("grant usage, create on schema public to " + NAME);
        }
    }
}
