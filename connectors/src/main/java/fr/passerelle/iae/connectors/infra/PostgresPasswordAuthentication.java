package fr.passerelle.iae.connectors.infra;

import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.Optional;
import org.postgresql.PGConnection;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Makes the embedded PostgreSQL ask every client for a password (scram-sha-256), on its Unix socket as on loopback
 * TCP: zonky's initdb trusts every local connection ({@code -A trust}), which lets any user of the machine in as
 * superuser. The password is generated at the first start and kept in a {@code 0600} file outside the data folder.
 *
 * <p>A data folder not set up yet (new, trusting everyone since an older version, or whose password file is gone)
 * starts with a {@code pg_hba.conf} that lets {@code postgres} in without a password over loopback TCP only, long
 * enough to give the role its password; then the final {@code pg_hba.conf} is loaded.
 */
final class PostgresPasswordAuthentication {

    /** Once set up: a password for every connection; none for replication (no line names it). */
    static final String PG_HBA = """
            # Written by Passerelle IAE: every connection needs the password kept beside the data folder
            local all all scram-sha-256
            host all all 127.0.0.1/32 scram-sha-256
            host all all ::1/128 scram-sha-256
            """;

    /** Until the role has its password: zonky's readiness check and ours both come over loopback TCP. */
    private static final String SETUP_PG_HBA = """
            # Written by Passerelle IAE for a first start: replaced as soon as the postgres role has its password
            host all postgres 127.0.0.1/32 trust
            host all postgres ::1/128 trust
            """;

    private static final String INVALID_PASSWORD = "28P01";
    private static final Duration RELOAD_WAIT = Duration.ofSeconds(10);
    private static final Logger LOG = LoggerFactory.getLogger(PostgresPasswordAuthentication.class);

    private final Path pgHba;
    private final Path passwordFile;
    private final String password;
    private final boolean setUp;

    private PostgresPasswordAuthentication(Path pgHba, Path passwordFile, String password, boolean setUp) {
        this.pgHba = pgHba;
        this.passwordFile = passwordFile;
        this.password = password;
        this.setUp = setUp;
    }

    /** Reads the kept password, or generates one, and finds out whether the data folder already requires it. */
    static PostgresPasswordAuthentication load(Path dataDirectory, Path passwordFile) throws IOException {
        Path pgHba = dataDirectory.resolve("pg_hba.conf");
        Optional<String> kept = PasswordFiles.read(passwordFile);
        String password = kept.isPresent() ? kept.get() : PasswordFiles.create(passwordFile);
        boolean setUp = kept.isPresent() && Files.isRegularFile(pgHba)
                && PG_HBA.equals(Files.readString(pgHba, StandardCharsets.UTF_8));
        return new PostgresPasswordAuthentication(pgHba, passwordFile, password, setUp);
    }

    String password() {
        return password;
    }

    Path passwordFile() {
        return passwordFile;
    }

    /** zonky calls it between initdb and the postmaster's start. */
    void beforeStart(File dataDirectory) {
        if (setUp) {
            return;
        }
        try {
            OwnerOnlyFiles.write(pgHba, SETUP_PG_HBA);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Once the server answers: gives a data folder not set up yet its password, then loads the final rules. */
    void afterStart(String jdbcUrl) throws IOException, SQLException {
        if (setUp) {
            return;
        }
        try (Connection db = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, password)) {
            // the driver sends the scram verifier: the password itself never reaches the server, nor its logs
            db.unwrap(PGConnection.class).alterUserPassword(EmbeddedPostgresServer.USER, password.toCharArray(), "scram-sha-256");
            OwnerOnlyFiles.write(pgHba, PG_HBA);
            try (Statement statement = db.createStatement()) {
                statement.execute("select pg_reload_conf()");
            }
        }
        awaitPasswordRequired(jdbcUrl);
        LOG.info("PostgreSQL under {} now asks every client for the password kept in {}", pgHba.getParent(), passwordFile);
    }

    /** pg_reload_conf() only signals the postmaster, which keeps the old rules if it cannot read the new ones. */
    private void awaitPasswordRequired(String jdbcUrl) throws SQLException {
        long deadline = System.nanoTime() + RELOAD_WAIT.toNanos();
        while (true) {
            // never a generated password: those have no spaces
            try (Connection trusted = DriverManager.getConnection(jdbcUrl, EmbeddedPostgresServer.USER, "not the password")) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("PostgreSQL still lets clients in without the password after loading "
                            + pgHba);
                }
            } catch (SQLException e) {
                if (INVALID_PASSWORD.equals(e.getSQLState())) {
                    return;
                }
                throw e;
            }
            try {
                Thread.sleep(50);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted while PostgreSQL was loading " + pgHba, e);
            }
        }
    }
}
