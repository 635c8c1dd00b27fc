package fr.passerelle.iae.connectors.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.attribute.PosixFilePermissions;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.Comparator;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * PostgreSQL asks every client for the generated password, across restarts, including on data folders that trusted
 * everyone.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedPostgresServerTest {

    private static final Path HOME = Paths.get("target", "embedded-postgres-test-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    private static final Path DATA_DIR = HOME.resolve("postgres");
    private static final Path PASSWORD_FILE = HOME.resolve("postgres-password");
    /** What zonky's initdb ({@code -A trust}) writes, less its comments: the data folders of older versions. */
    private static final String TRUST_PG_HBA = """
            local all all trust
            host all all 127.0.0.1/32 trust
            host all all ::1/128 trust
            local replication all trust
            host replication all 127.0.0.1/32 trust
            host replication all ::1/128 trust
            """;

    private static EmbeddedPostgresServer server;
    private static String password;

    @AfterAll
    static void closeServer() throws Exception {
        if (server != null) {
            server.close();
        }
        if (Files.exists(HOME)) {
            try (var paths = Files.walk(HOME)) {
                paths.sorted(Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void asksEveryClientForTheGeneratedPassword() throws Exception {
        server = start();
        password = server.password();

        assertThat(password).hasSizeGreaterThanOrEqualTo(24);
        assertThat(Files.readString(PASSWORD_FILE).strip()).isEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PASSWORD_FILE))).isEqualTo("rw-------");
        assertThat(PASSWORD_FILE.getParent()).isNotEqualTo(DATA_DIR);
        assertPasswordRequired(server, password);
        try (Connection db = connect(server, password); Statement statement = db.createStatement()) {
            // the Unix socket too; no replication line, so no replication connection
            try (var rules = statement.executeQuery("select type, auth_method, error from pg_hba_file_rules")) {
                int count = 0;
                while (rules.next()) {
                    count++;
                    assertThat(rules.getString("type")).isIn("local", "host");
                    assertThat(rules.getString("auth_method")).isEqualTo("scram-sha-256");
                    assertThat(rules.getString("error")).isNull();
                }
                assertThat(count).isEqualTo(3);
            }
            try (var role = statement.executeQuery("select rolpassword from pg_authid where rolname = 'postgres'")) {
                assertThat(role.next()).isTrue();
                assertThat(role.getString(1)).startsWith("SCRAM-SHA-256$4096:");
            }
            statement.execute("create table auth_check (label text)");
            statement.execute("insert into auth_check values ('kept across restarts')");
        }
    }

    @Test
    @Order(2)
    void aRestartKeepsThePassword() throws Exception {
        server.close();
        server = start();

        assertThat(server.password()).isEqualTo(password);
        assertPasswordRequired(server, password);
        assertThat(label(server, password)).isEqualTo("kept across restarts");
    }

    @Test
    @Order(3)
    void aPgHbaTrustingEveryoneAgainIsReplacedAtTheNextStart() throws Exception {
        server.close();
        Files.writeString(DATA_DIR.resolve("pg_hba.conf"), TRUST_PG_HBA);
        server = start();

        assertThat(server.password()).isEqualTo(password);
        assertThat(Files.readString(DATA_DIR.resolve("pg_hba.conf"))).isEqualTo(PostgresPasswordAuthentication.PG_HBA);
        assertPasswordRequired(server, password);
    }

    @Test
    @Order(4)
    void aDataFolderOfAnOlderVersionGetsAPassword() throws Exception {
        try (Connection db = connect(server, password); Statement statement = db.createStatement()) {
            statement.execute("alter role postgres password null");
        }
        server.close();
        Files.writeString(DATA_DIR.resolve("pg_hba.conf"), TRUST_PG_HBA);
        Files.delete(PASSWORD_FILE);
        server = start();

        assertThat(server.password()).isNotEqualTo(password);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(PASSWORD_FILE))).isEqualTo("rw-------");
        assertPasswordRequired(server, server.password());
        assertThat(label(server, server.password())).isEqualTo("kept across restarts");
    }

    private static EmbeddedPostgresServer start() throws Exception {
        return EmbeddedPostgresServer.start(DATA_DIR, PASSWORD_FILE, () -> new PortAllocator(false).random());
    }

    private static void assertPasswordRequired(EmbeddedPostgresServer server, String password) throws Exception {
        try (Connection db = connect(server, password)) {
            assertThat(EmbeddedServersTest.queryString(db, "select current_user")).isEqualTo("postgres");
        }
        for (String other : List.of("postgres", password + "x")) {
            assertThatThrownBy(() -> connect(server, other).close())
                    .isInstanceOfSatisfying(SQLException.class, e -> assertThat(e.getSQLState()).isEqualTo("28P01"));
        }
        // the driver refuses to send an empty password, which the server would not accept either
        assertThatThrownBy(() -> connect(server, "").close()).isInstanceOf(SQLException.class);
        assertThatThrownBy(() -> DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, null).close())
                .isInstanceOf(SQLException.class);
    }

    private static Connection connect(EmbeddedPostgresServer server, String password) throws SQLException {
        return DriverManager.getConnection(server.jdbcUrl(), EmbeddedPostgresServer.USER, password);
    }

    private static String label(EmbeddedPostgresServer server, String password) throws Exception {
        try (Connection db = connect(server, password)) {
            return EmbeddedServersTest.queryString(db, "select label from auth_check");
        }
    }
}
