package fr.passerelle.iae.connectors.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/**
 * ARCHITECTURE "After a crash": a PostgreSQL left running by a JVM killed with {@code kill -9} is found, stopped and
 * started again on the same data folder, even while other clients (another hub node, an operator's psql) still hold
 * sessions on it, and the start says what it did.
 */
class OrphanedPostgresTest {

    private static final Path HOME = Path.of("target", "orphaned-postgres-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();

    @Test
    void a_postgres_left_running_by_a_killed_jvm_is_stopped_and_started_again_despite_open_sessions() throws Exception {
        Path data = HOME.resolve("postgres");
        Path passwordFile = HOME.resolve("postgres-password");
        Process dying = new ProcessBuilder(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-cp", System.getProperty("java.class.path"), "-Djava.io.tmpdir=" + System.getProperty("java.io.tmpdir"),
                PostgresOfAKilledJvm.class.getName(), data.toString(), passwordFile.toString())
                .redirectErrorStream(true).start();
        int orphanPort;
        try (BufferedReader out = new BufferedReader(new InputStreamReader(dying.getInputStream(), StandardCharsets.UTF_8))) {
            String line;
            do {
                line = out.readLine();
            } while (line != null && !line.startsWith("port="));
            assertThat(line).as("the child JVM started PostgreSQL").isNotNull();
            orphanPort = Integer.parseInt(line.substring(5));
        }
        String password = Files.readString(passwordFile).strip();
        long orphanPid = Long.parseLong(Files.readAllLines(data.resolve("postmaster.pid")).get(0).strip());
        // another node's session, idle in a transaction: a smart shutdown would wait for it for ever
        Connection otherNode = DriverManager.getConnection("jdbc:postgresql://127.0.0.1:" + orphanPort + "/passerelle", "postgres", password);
        otherNode.setAutoCommit(false);
        try (Statement statement = otherNode.createStatement()) {
            statement.execute("create table if not exists orphan_check (label text)");
        }

        dying.destroyForcibly();
        assertThat(dying.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(dying.exitValue()).isEqualTo(137);
        assertThat(ProcessHandle.of(orphanPid).map(ProcessHandle::isAlive)).contains(true);

        EmbeddedPostgresServer restarted = EmbeddedPostgresServer.start(data, passwordFile, () -> new PortAllocator(false).random());
        try {
            assertThat(ProcessHandle.of(orphanPid).filter(ProcessHandle::isAlive)).isEmpty();
            assertThat(restarted.recovery()).hasValueSatisfying(recovery -> assertThat(recovery)
                    .contains("pid " + orphanPid, data.toString(), "stopped", "started again on port " + restarted.port()));
            try (Connection db = DriverManager.getConnection(restarted.jdbcUrl(), "postgres", password)) {
                assertThat(EmbeddedServersTest.queryString(db, "select 1")).isEqualTo("1");
            }
            // the other node's session was ended (its transaction rolled back), not left hanging
            assertThatThrownBy(() -> otherNode.createStatement().execute("select 1")).isInstanceOf(SQLException.class);
        } finally {
            otherNode.close();
            restarted.close();
        }
        EmbeddedPostgresServer clean = EmbeddedPostgresServer.start(data, passwordFile, () -> new PortAllocator(false).random());
        try {
            assertThat(clean.recovery()).as("a start after a clean stop repairs nothing").isEmpty();
        } finally {
            clean.close();
        }
    }
}
