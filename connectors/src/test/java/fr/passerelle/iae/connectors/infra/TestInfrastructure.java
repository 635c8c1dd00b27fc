package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.nio.file.FileVisitResult;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.nio.file.SimpleFileVisitor;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The servers tests run against, one set per JVM, started at the first {@link #get()} and closed by a JVM shutdown
 * hook. PostgreSQL and Kafka come from Testcontainers ({@code postgres:17}, {@code apache/kafka:3.9.1}) when a Docker
 * engine answers, otherwise from {@link EmbeddedServers} on random ports under {@code target/test-infra-<random>} of
 * the working directory; SFTP is always the embedded server.
 *
 * <p>System property {@code passerelle.test-infra}: {@code embedded} never looks for Docker, {@code containers}
 * refuses to fall back to the embedded servers.
 *
 * <p>With Spring: {@code @DynamicPropertySource static void props(DynamicPropertyRegistry r) { var infra =
 * TestInfrastructure.get(); r.add("spring.datasource.url", infra::jdbcUrl); ... }}.
 */
public final class TestInfrastructure {

    public static final String MODE_PROPERTY = "passerelle.test-infra";

    private static final Logger LOG = LoggerFactory.getLogger(TestInfrastructure.class);
    private static TestInfrastructure instance;
    private static RuntimeException failure;

    private final String jdbcUrl;
    private final String dbUser;
    private final String dbAdminUser;
    private final String dbPassword;
    private final String kafkaBootstrapServers;
    private final SftpAccess sftp;
    private final boolean containers;
    private final List<AutoCloseable> resources;
    private final Path dataDir;

    private TestInfrastructure(String jdbcUrl, String dbUser, String dbAdminUser, String dbPassword, String kafkaBootstrapServers,
                               SftpAccess sftp, boolean containers, List<AutoCloseable> resources, Path dataDir) {
        this.jdbcUrl = jdbcUrl;
        this.dbUser = dbUser;
        this.dbAdminUser = dbAdminUser;
        this.dbPassword = dbPassword;
        this.kafkaBootstrapServers = kafkaBootstrapServers;
        this.sftp = sftp;
        this.containers = containers;
        this.resources = resources;
        this.dataDir = dataDir;
    }

    /** The servers of this JVM, started at the first call (a failed start is not tried again: its error is rethrown). */
    public static synchronized TestInfrastructure get() {
        if (failure != null) {
            throw new IllegalStateException("The test infrastructure could not start: " + failure.getMessage(), failure);
        }
        if (instance == null) {
            TestInfrastructure started;
            try {
                started = start();
            } catch (RuntimeException e) {
                failure = e;
                throw e;
            }
            Runtime.getRuntime().addShutdownHook(new Thread(started::shutdown, "test-infrastructure-shutdown"));
            instance = started;
        }
        return instance;
    }

    public String jdbcUrl() {
        return jdbcUrl;
    }

    /** The hub's role ({@link HubRole}): not a superuser, it cannot change the evidence. */
    public String dbUser() {
        return dbUser;
    }

    /** The superuser: for the migrations, and for tests that act as a database administrator would. */
    public String dbAdminUser() {
        return dbAdminUser;
    }

    public String dbPassword() {
        return dbPassword;
    }

    public String kafkaBootstrapServers() {
        return kafkaBootstrapServers;
    }

    public SftpAccess sftp() {
        return sftp;
    }

    /** True when PostgreSQL and Kafka run in Testcontainers, false when they are the embedded servers. */
    public boolean usesContainers() {
        return containers;
    }

    private static TestInfrastructure start() {
        long t0 = System.nanoTime();
        Path dataDir = Paths.get("").toAbsolutePath().resolve("target")
                .resolve("test-infra-" + UUID.randomUUID().toString().substring(0, 8));
        String mode = System.getProperty(MODE_PROPERTY, "auto").trim();
        if (!"embedded".equals(mode) && dockerAvailable()) {
            try {
                TestInfrastructure infra = startContainers(dataDir);
                LOG.info("Test infrastructure (Testcontainers + embedded SFTP) started in {} ms", millis(t0));
                return infra;
            } catch (RuntimeException | LinkageError e) {
                if ("containers".equals(mode)) {
                    throw e;
                }
                LOG.warn("Testcontainers could not start ({}): using the embedded servers", e.toString());
            }
        }
        EmbeddedServers servers = EmbeddedServers.start(dataDir, false);
        LOG.info("Test infrastructure (embedded servers under {}) started in {} ms", dataDir, millis(t0));
        return new TestInfrastructure(servers.jdbcUrl(), servers.dbUser(), servers.dbAdminUser(), servers.dbPassword(),
                servers.kafkaBootstrapServers(), servers.sftp(), false, List.of(servers), dataDir);
    }

    /** Costs one quick check when Testcontainers is on the class path and no Docker engine answers. */
    static boolean dockerAvailable() {
        try {
            Class.forName("org.testcontainers.DockerClientFactory", false, TestInfrastructure.class.getClassLoader());
        } catch (ClassNotFoundException | LinkageError e) {
            return false;
        }
        try {
            return Containers.dockerAvailable();
        } catch (RuntimeException | LinkageError e) {
            LOG.debug("Docker check failed", e);
            return false;
        }
    }

    private static TestInfrastructure startContainers(Path dataDir) {
        List<AutoCloseable> resources = new ArrayList<>();
        try {
            Containers.Started started = Containers.start(resources);
            EmbeddedSftpServer sftp = EmbeddedSftpServer.start(dataDir.resolve("sftp"), dataDir.resolve("sftp-keys"), 0);
            resources.add(sftp);
            HubRole.ensure(started.jdbcUrl(), started.user(), started.password(), started.password());
            return new TestInfrastructure(started.jdbcUrl(), HubRole.NAME, started.user(), started.password(),
                    started.bootstrapServers(), sftp.access(), true, resources, dataDir);
        } catch (Exception | LinkageError e) {
            closeAll(resources);
            deleteRecursively(dataDir);
            if (e instanceof RuntimeException runtime) {
                throw runtime;
            }
            if (e instanceof LinkageError linkage) {
                throw linkage;
            }
            throw new IllegalStateException("Could not start the test infrastructure: " + e.getMessage(), e);
        }
    }

    private void shutdown() {
        closeAll(resources);
        deleteRecursively(dataDir);
    }

    /** Closes in reverse order of start. */
    private static void closeAll(List<AutoCloseable> resources) {
        for (int i = resources.size() - 1; i >= 0; i--) {
            try {
                resources.get(i).close();
            } catch (Exception e) {
                LOG.warn("Could not close {}", resources.get(i), e);
            }
        }
    }

    private static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try {
            Files.walkFileTree(dir, new SimpleFileVisitor<>() {
                @Override
                public FileVisitResult visitFile(Path file, BasicFileAttributes attrs) throws IOException {
                    Files.deleteIfExists(file);
                    return FileVisitResult.CONTINUE;
                }

                @Override
                public FileVisitResult postVisitDirectory(Path d, IOException e) throws IOException {
                    Files.deleteIfExists(d);
                    return FileVisitResult.CONTINUE;
                }
            });
        } catch (IOException e) {
            LOG.debug("Could not delete {}", dir, e);
        }
    }

    private static long millis(long fromNanos) {
        return (System.nanoTime() - fromNanos) / 1_000_000;
    }

    /** Everything that names a Testcontainers class, loaded only when Testcontainers is on the class path. */
    private static final class Containers {

        record Started(String jdbcUrl, String user, String password, String bootstrapServers) {
            @Override
            public String toString() {
                return "Started[jdbcUrl=" + jdbcUrl + ", bootstrapServers=" + bootstrapServers + "]";
            }
        }

        static boolean dockerAvailable() {
            return org.testcontainers.DockerClientFactory.instance().isDockerAvailable();
        }

        static Started start(List<AutoCloseable> resources) {
            var postgres = new org.testcontainers.containers.PostgreSQLContainer<>(
                    org.testcontainers.utility.DockerImageName.parse("postgres:17"))
                    .withDatabaseName("passerelle")
                    .withUsername("postgres")
                    .withPassword("postgres")
                    .withCommand("postgres", "-c", "max_connections=200");
            postgres.start();
            resources.add(postgres::stop);
            var kafka = new org.testcontainers.kafka.KafkaContainer(
                    org.testcontainers.utility.DockerImageName.parse("apache/kafka:3.9.1"))
                    .withEnv("KAFKA_NUM_PARTITIONS", "3")
                    .withEnv("KAFKA_AUTO_CREATE_TOPICS_ENABLE", "true")
                    .withEnv("KAFKA_GROUP_INITIAL_REBALANCE_DELAY_MS", "0");
            kafka.start();
            resources.add(kafka::stop);
            return new Started(postgres.getJdbcUrl(), postgres.getUsername(), postgres.getPassword(), kafka.getBootstrapServers());
        }
    }
}
