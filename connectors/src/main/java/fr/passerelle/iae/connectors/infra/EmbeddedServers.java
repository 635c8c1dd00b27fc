package fr.passerelle.iae.connectors.infra;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.stream.Collectors;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Real PostgreSQL, Kafka (KRaft) and SFTP servers started in this process, their data kept under one folder across
 * restarts: {@code postgres/}, {@code postgres-password} (PostgreSQL asks every client for it), {@code kafka/},
 * {@code sftp/} (the SFTP user's root, holding the partner drop boxes) and {@code sftp-keys/} (host key, hub key pair,
 * password, known_hosts).
 *
 * <p>The owner closes it once nothing writes any more (after Camel has drained): nothing here registers a JVM
 * shutdown hook.
 */
public final class EmbeddedServers implements AutoCloseable {

    /** Dev ports tried first when fixed ports are preferred. */
    public static final int DEV_POSTGRES_PORT = 15432;
    public static final int DEV_KAFKA_PORT = 19092;
    public static final int DEV_KAFKA_CONTROLLER_PORT = 19093;
    public static final int DEV_SFTP_PORT = 12222;

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServers.class);

    private final Path dataDir;
    private final EmbeddedPostgresServer postgres;
    private final EmbeddedKafkaBroker kafka;
    private final EmbeddedSftpServer sftp;
    private final String timings;
    private final AtomicBoolean closed = new AtomicBoolean();

    private EmbeddedServers(Path dataDir, EmbeddedPostgresServer postgres, EmbeddedKafkaBroker kafka,
                            EmbeddedSftpServer sftp, String timings) {
        this.dataDir = dataDir;
        this.postgres = postgres;
        this.kafka = kafka;
        this.sftp = sftp;
        this.timings = timings;
    }

    /**
     * Starts PostgreSQL (zonky), a single-node KRaft Kafka broker and an SFTP server (Apache MINA SSHD) side by side,
     * all with data under {@code dataDir}, kept across restarts. Side by side because a start after a crash waits on
     * each of them (PostgreSQL's recovery, the broker's old session) and a restart is what ops and the fault suite wait
     * on; none of the three needs another.
     *
     * @param preferFixedPorts try the dev ports first (PostgreSQL 15432, Kafka 19092 and controller 19093, SFTP
     *                         12222), falling back to random free ports when taken; false: random ports (tests)
     * @throws IllegalStateException when a server cannot start; those that started are closed first
     */
    public static EmbeddedServers start(Path dataDir, boolean preferFixedPorts) {
        Path dir = dataDir.toAbsolutePath().normalize();
        try {
            OwnerOnlyFiles.folder(dir);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
        PortAllocator ports = new PortAllocator(preferFixedPorts);
        int kafkaPort = ports.pick(DEV_KAFKA_PORT);
        int controllerPort = ports.pick(DEV_KAFKA_CONTROLLER_PORT);
        int sftpPort = ports.pickOrZero(DEV_SFTP_PORT);
        ExecutorService starters = Executors.newFixedThreadPool(3, task -> new Thread(task, "embedded-servers-start"));
        try {
            Starting<EmbeddedPostgresServer> postgres = new Starting<>("PostgreSQL", starters, () -> EmbeddedPostgresServer.start(
                    dir.resolve("postgres"), dir.resolve("postgres-password"), () -> ports.pick(DEV_POSTGRES_PORT)));
            Starting<EmbeddedKafkaBroker> kafka = new Starting<>("Kafka", starters,
                    () -> EmbeddedKafkaBroker.start(dir.resolve("kafka"), kafkaPort, controllerPort));
            Starting<EmbeddedSftpServer> sftp = new Starting<>("SFTP", starters,
                    () -> EmbeddedSftpServer.start(dir.resolve("sftp"), dir.resolve("sftp-keys"), sftpPort));
            List<Starting<?>> all = List.of(postgres, kafka, sftp);
            Starting<?> failed = null;
            for (Starting<?> server : all) {
                if (!server.await() && failed == null) {
                    failed = server;
                }
            }
            if (failed != null) {
                LOG.error("Could not start the embedded {} server under {}: closing the servers that started", failed.name, dir);
                for (int i = all.size() - 1; i >= 0; i--) {
                    all.get(i).closeIfStarted();
                }
                if (failed.failure instanceof Error error) {
                    throw error;
                }
                throw new IllegalStateException("Could not start the embedded " + failed.name + " server under " + dir + ": "
                        + failed.failure.getMessage(), failed.failure);
            }
            String timings = all.stream().map(s -> s.name + " " + s.millis + " ms").collect(Collectors.joining(", "));
            return new EmbeddedServers(dir, postgres.server, kafka.server, sftp.server, timings);
        } finally {
            starters.shutdown();
        }
    }

    /** One server starting on a thread of its own: the server, or why it did not start. */
    private static final class Starting<T extends AutoCloseable> {

        interface Start<T> {
            T start() throws Exception;
        }

        private final String name;
        private final Future<T> future;
        private T server;
        private Throwable failure;
        private long millis;

        Starting(String name, ExecutorService threads, Start<T> start) {
            this.name = name;
            this.future = threads.submit(() -> {
                long t0 = System.nanoTime();
                T started = start.start();
                millis = millis(t0, System.nanoTime());
                LOG.info("{} started in {} ms", name, millis);
                return started;
            });
        }

        /** Waits for it; false when it could not start. */
        boolean await() {
            try {
                server = future.get();
                return true;
            } catch (ExecutionException e) {
                failure = e.getCause();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                future.cancel(true);
                failure = e;
            }
            return false;
        }

        void closeIfStarted() {
            if (server != null) {
                closeQuietly(server);
            }
        }
    }

    public String jdbcUrl() {
        return postgres.jdbcUrl();
    }

    /** The role the hub works as ({@link HubRole}); the migrations run as {@link #dbAdminUser()}. */
    public String dbUser() {
        return HubRole.NAME;
    }

    /** The server's superuser, for the migrations only. */
    public String dbAdminUser() {
        return EmbeddedPostgresServer.USER;
    }

    /**
     * Generated at the first start and kept in {@code postgres-password}, for both roles; PostgreSQL lets no one in
     * without it.
     */
    public String dbPassword() {
        return postgres.password();
    }

    public String kafkaBootstrapServers() {
        return kafka.bootstrapServers();
    }

    public SftpAccess sftp() {
        return sftp.access();
    }

    /**
     * What this start had to repair after a run that died without closing its servers (ARCHITECTURE "After a crash"),
     * one sentence each, for the hub to log once its logging is up: an environment post-processor's log lines are
     * dropped.
     */
    public List<String> recoveries() {
        return postgres.recovery().stream().toList();
    }

    /** The Kafka cluster id, kept in the broker's meta.properties across restarts. */
    public String kafkaClusterId() {
        return kafka.clusterId();
    }

    /** Human-readable summary of ports and credentials (the only secret shown is the local dev SFTP password). */
    public String describe() {
        SftpAccess access = sftp.access();
        return String.join(System.lineSeparator(),
                "Embedded servers, data under " + dataDir + " (started in: " + timings + ")",
                "  PostgreSQL  " + jdbcUrl() + "  user " + dbUser() + " (migrations: " + dbAdminUser() + "), password in " + postgres.passwordFile()
                        + portNote(postgres.port(), DEV_POSTGRES_PORT),
                "  Kafka       bootstrap " + kafkaBootstrapServers() + " (KRaft controller on port " + kafka.controllerPort()
                        + ", cluster " + kafka.clusterId() + ")" + portNote(kafka.port(), DEV_KAFKA_PORT),
                "  SFTP        sftp://" + access.user() + "@" + access.host() + ":" + access.port()
                        + "  password " + access.password() + portNote(access.port(), DEV_SFTP_PORT),
                "              private key " + access.privateKey() + ", known_hosts " + access.knownHosts(),
                "              drop boxes under " + access.root() + ": " + String.join(", ", EmbeddedSftpServer.DROP_BOXES));
    }

    private static String portNote(int port, int devPort) {
        return port == devPort ? "" : "  (not the dev port " + devPort + ")";
    }

    /** Closes SFTP, then Kafka, then PostgreSQL. Idempotent. */
    @Override
    public void close() {
        if (!closed.compareAndSet(false, true)) {
            return;
        }
        long t0 = System.nanoTime();
        closeQuietly(sftp);
        closeQuietly(kafka);
        closeQuietly(postgres);
        LOG.info("Embedded servers under {} stopped in {} ms", dataDir, millis(t0, System.nanoTime()));
    }

    private static void closeQuietly(AutoCloseable closeable) {
        try {
            closeable.close();
        } catch (Exception e) {
            LOG.warn("Could not close {}", closeable.getClass().getSimpleName(), e);
        }
    }

    private static long millis(long fromNanos, long toNanos) {
        return TimeUnit.NANOSECONDS.toMillis(toNanos - fromNanos);
    }
}
