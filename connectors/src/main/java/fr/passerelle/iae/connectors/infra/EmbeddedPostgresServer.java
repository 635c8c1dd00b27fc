package fr.passerelle.iae.connectors.infra;

import io.zonky.test.db.postgres.embedded.EmbeddedPostgres;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.function.IntSupplier;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A real PostgreSQL server (zonky binaries) whose data folder survives restarts, asking every client for the password
 * kept beside it ({@link PostgresPasswordAuthentication}).
 */
final class EmbeddedPostgresServer implements AutoCloseable {

    static final String DATABASE = "passerelle";
    static final String USER = "postgres";

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedPostgresServer.class);

    private final EmbeddedPostgres postgres;
    private final int port;
    private final PostgresPasswordAuthentication authentication;
    private final Optional<String> recovery;

    private EmbeddedPostgresServer(EmbeddedPostgres postgres, int port, PostgresPasswordAuthentication authentication,
                                   Optional<String> recovery) {
        this.postgres = postgres;
        this.port = port;
        this.authentication = authentication;
        this.recovery = recovery;
    }

    /**
     * @param passwordFile where the password of {@link #USER} is kept ({@code 0600}), generated at the first start
     * @param port         chosen after a PostgreSQL left running on this folder by a dead JVM has been stopped, so that its
     *                     port counts as free
     */
    static EmbeddedPostgresServer start(Path dataDirectory, Path passwordFile, IntSupplier port)
            throws IOException, SQLException {
        Files.createDirectories(dataDirectory);
        Optional<String> recovery = stopOrphanedPostmaster(dataDirectory);
        PostgresPasswordAuthentication authentication = PostgresPasswordAuthentication.load(dataDirectory, passwordFile);
        int chosenPort = port.getAsInt();
        EmbeddedPostgres postgres = EmbeddedPostgres.builder()
                .setDataDirectory(dataDirectory)
                .setCleanDataDirectory(false)
                // the owner closes it, after the routes have drained: zonky's hook would stop it under their feet
                .setRegisterShutdownHook(false)
                .setPort(chosenPort)
                .setPGStartupWait(Duration.ofSeconds(60))
                // zonky's readiness check logs in as postgres too
                .setConnectConfig("password", authentication.password())
                .setDataDirectoryCustomizer(authentication::beforeStart)
                // zonky turns durability off by default (-F and synchronous_commit=off): turn it back on
                .setServerConfig("fsync", "on")
                .setServerConfig("synchronous_commit", "on")
                .setServerConfig("full_page_writes", "on")
                .setServerConfig("max_connections", "200")
                .setServerConfig("shared_buffers", "256MB")
                .setServerConfig("max_wal_size", "2GB")
                .setServerConfig("timezone", "UTC")
                .start();
        EmbeddedPostgresServer server = new EmbeddedPostgresServer(postgres, chosenPort, authentication,
                recovery.map(stopped -> stopped + ", then started again on port " + chosenPort));
        try {
            authentication.afterStart(server.jdbcUrl("postgres"));
            server.createDatabaseIfMissing();
            // the same secret: the hub's process starts this server and reads that file anyway
            HubRole.ensure(server.jdbcUrl(), USER, server.password(), server.password());
        } catch (IOException | SQLException | RuntimeException e) {
            server.close();
            throw e;
        }
        return server;
    }

    int port() {
        return port;
    }

    /** What this start did about a PostgreSQL left running by a dead JVM, if there was one. */
    Optional<String> recovery() {
        return recovery;
    }

    String password() {
        return authentication.password();
    }

    Path passwordFile() {
        return authentication.passwordFile();
    }

    String jdbcUrl() {
        return jdbcUrl(DATABASE);
    }

    String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    private void createDatabaseIfMissing() throws SQLException {
        try (Connection connection = DriverManager.getConnection(jdbcUrl("postgres"), USER, password())) {
            boolean exists;
            try (PreparedStatement query = connection.prepareStatement("select 1 from pg_database where datname = ?")) {
                query.setString(1, DATABASE);
                try (ResultSet rows = query.executeQuery()) {
                    exists = rows.next();
                }
            }
            if (!exists) {
                try (Statement statement = connection.createStatement()) {
                    statement.execute("create database " + DATABASE);
                }
                LOG.info("Created database {}", DATABASE);
            }
        }
    }

    /**
     * A JVM that died without closing its servers ({@code kill -9}, OOM killer) leaves PostgreSQL running (pg_ctl
     * detaches it) with the data folder locked. When the folder's zonky lock is free (no live JVM owns it) but its
     * postmaster.pid names a live postgres process started on this folder, stop that process and say what was done.
     */
    private static Optional<String> stopOrphanedPostmaster(Path dataDirectory) throws IOException {
        Path pidFile = dataDirectory.resolve("postmaster.pid");
        if (!Files.isRegularFile(pidFile)) {
            return Optional.empty();
        }
        List<String> lines = Files.readAllLines(pidFile);
        if (lines.isEmpty()) {
            return Optional.empty();
        }
        long pid;
        try {
            pid = Long.parseLong(lines.get(0).trim());
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
        Optional<ProcessHandle> process = ProcessHandle.of(pid).filter(ProcessHandle::isAlive);
        if (process.isEmpty() || !isPostgresOn(process.get(), dataDirectory)) {
            return Optional.empty(); // stale pid file: PostgreSQL itself deals with it
        }
        try (FileChannel channel = FileChannel.open(dataDirectory.resolve("epg-lock"), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = channel.tryLock()) {
            if (lock == null) {
                throw new IllegalStateException("PostgreSQL data folder " + dataDirectory + " is in use by another process");
            }
        } catch (OverlappingFileLockException e) {
            throw new IllegalStateException("PostgreSQL data folder " + dataDirectory + " is already in use in this JVM", e);
        }
        LOG.warn("Stopping PostgreSQL (pid {}) left running on {} by a previous run", pid, dataDirectory);
        ProcessHandle postmaster = process.get();
        // Fast shutdown (SIGINT), not smart (SIGTERM): smart waits for every session to end, and the sessions of other
        // hub nodes or of an operator's psql never end by themselves. Fast rolls back their transactions and stops
        // cleanly; pg_ctl cannot do it for us, it refuses to run as root.
        signal(pid, "INT");
        if (!stopped(postmaster, Duration.ofSeconds(30))) {
            // immediate shutdown (SIGQUIT): no checkpoint, the next start replays the WAL as after a crash
            signal(pid, "QUIT");
            if (!stopped(postmaster, Duration.ofSeconds(30))) {
                throw new IllegalStateException("PostgreSQL (pid " + pid + ") left running on " + dataDirectory + " did not stop");
            }
        }
        return Optional.of("PostgreSQL (pid " + pid + ") left running on " + dataDirectory + " by a previous run was stopped");
    }

    private static void signal(long pid, String signal) throws IOException {
        try {
            new ProcessBuilder("kill", "-s", signal, Long.toString(pid)).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.DISCARD).start().waitFor(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL (pid " + pid + ")", e);
        }
    }

    private static boolean stopped(ProcessHandle process, Duration within) {
        try {
            process.onExit().get(within.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (java.util.concurrent.TimeoutException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while stopping PostgreSQL (pid " + process.pid() + ")", e);
        } catch (java.util.concurrent.ExecutionException e) {
            return !process.isAlive();
        }
    }

    private static boolean isPostgresOn(ProcessHandle process, Path dataDirectory) {
        ProcessHandle.Info info = process.info();
        boolean postgres = info.command().map(c -> c.endsWith("/postgres")).orElse(false);
        boolean sameFolder = info.arguments()
                .map(args -> List.of(args).contains(dataDirectory.toString()))
                .orElse(true);
        return postgres && sameFolder;
    }

    @Override
    public void close() {
        try {
            postgres.close();
        } catch (IOException e) {
            LOG.warn("Could not stop PostgreSQL cleanly", e);
        }
    }
}
