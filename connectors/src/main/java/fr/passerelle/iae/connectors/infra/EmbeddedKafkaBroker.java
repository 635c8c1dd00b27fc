package fr.passerelle.iae.connectors.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.PrintStream;
import java.io.Reader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Collection;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import kafka.server.KafkaConfig;
import kafka.server.KafkaRaftServer;
import kafka.tools.StorageTool;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterResult;
import org.apache.kafka.common.Node;
import org.apache.kafka.common.Uuid;
import org.apache.kafka.common.utils.Time;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** A single-node KRaft Kafka broker (broker and controller in one) running in this JVM, its log folder kept across restarts. */
final class EmbeddedKafkaBroker implements AutoCloseable {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedKafkaBroker.class);
    private static final Duration READY_TIMEOUT = Duration.ofSeconds(90);

    private final KafkaRaftServer server;
    private final int port;
    private final int controllerPort;
    private final String clusterId;

    private EmbeddedKafkaBroker(KafkaRaftServer server, int port, int controllerPort, String clusterId) {
        this.server = server;
        this.port = port;
        this.controllerPort = controllerPort;
        this.clusterId = clusterId;
    }

    static EmbeddedKafkaBroker start(Path logDirectory, int port, int controllerPort) throws IOException {
        Files.createDirectories(logDirectory);
        Properties props = brokerProperties(logDirectory, port, controllerPort);
        String clusterId = readClusterId(logDirectory);
        if (clusterId == null) {
            clusterId = Uuid.randomUuid().toString();
            format(props, clusterId);
            LOG.info("Formatted Kafka storage {} for cluster {}", logDirectory, clusterId);
        }
        KafkaRaftServer server = new KafkaRaftServer(KafkaConfig.fromProps(props, false), Time.SYSTEM);
        EmbeddedKafkaBroker broker = new EmbeddedKafkaBroker(server, port, controllerPort, clusterId);
        try {
            server.startup();
            broker.awaitReady();
        } catch (RuntimeException | Error e) {
            broker.close();
            throw e;
        }
        return broker;
    }

    int port() {
        return port;
    }

    int controllerPort() {
        return controllerPort;
    }

    String clusterId() {
        return clusterId;
    }

    String bootstrapServers() {
        return "127.0.0.1:" + port;
    }

    static Properties brokerProperties(Path logDirectory, int port, int controllerPort) {
        Properties props = new Properties();
        props.put("process.roles", "broker,controller");
        props.put("node.id", "1");
        props.put("controller.quorum.voters", "1@127.0.0.1:" + controllerPort);
        props.put("listeners", "PLAINTEXT://127.0.0.1:" + port + ",CONTROLLER://127.0.0.1:" + controllerPort);
        props.put("advertised.listeners", "PLAINTEXT://127.0.0.1:" + port);
        props.put("listener.security.protocol.map", "PLAINTEXT:PLAINTEXT,CONTROLLER:PLAINTEXT");
        props.put("controller.listener.names", "CONTROLLER");
        props.put("inter.broker.listener.name", "PLAINTEXT");
        props.put("log.dirs", logDirectory.toString());
        props.put("auto.create.topics.enable", "true");
        props.put("num.partitions", "3");
        props.put("default.replication.factor", "1");
        props.put("min.insync.replicas", "1");
        props.put("offsets.topic.replication.factor", "1");
        props.put("offsets.topic.num.partitions", "10");
        props.put("transaction.state.log.replication.factor", "1");
        props.put("transaction.state.log.min.isr", "1");
        props.put("transaction.state.log.num.partitions", "10");
        // single member groups on a dev machine: no point waiting for more members to join
        props.put("group.initial.rebalance.delay.ms", "0");
        // after a JVM died without closing the broker, the controller refuses the new broker registration until
        // the old one's session expires (9 s by default): keep that wait short
        props.put("broker.heartbeat.interval.ms", "1000");
        props.put("broker.session.timeout.ms", "4000");
        // the log cleaner allocates its whole dedupe buffer on the heap at start: 128 MiB by default, half of a hub run
        // in 256 MB (issue 15), which then collected garbage hundreds of times per file; the embedded broker compacts
        // only its small offsets topic
        props.put("log.cleaner.dedupe.buffer.size", String.valueOf(4 << 20));
        return props;
    }

    /** The cluster id recorded in meta.properties, or null when the folder has not been formatted. */
    static String readClusterId(Path logDirectory) throws IOException {
        Path meta = logDirectory.resolve("meta.properties");
        if (!Files.isRegularFile(meta)) {
            return null;
        }
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(meta, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        String clusterId = properties.getProperty("cluster.id");
        if (clusterId == null || clusterId.isBlank()) {
            throw new IllegalStateException(meta + " has no cluster.id: remove the Kafka folder or restore the file");
        }
        return clusterId.trim();
    }

    private static void format(Properties props, String clusterId) throws IOException {
        Path config = Files.createTempFile("kafka-format-", ".properties");
        ByteArrayOutputStream output = new ByteArrayOutputStream();
        try {
            try (OutputStream out = Files.newOutputStream(config)) {
                props.store(out, "embedded broker, for kafka-storage format");
            }
            int code;
            try (PrintStream print = new PrintStream(output, true, StandardCharsets.UTF_8)) {
                code = StorageTool.execute(new String[] {
                        "format", "--config", config.toString(), "--cluster-id", clusterId, "--ignore-formatted"}, print);
            }
            String text = output.toString(StandardCharsets.UTF_8).trim();
            if (code != 0) {
                throw new IllegalStateException("Kafka storage format failed (" + code + "): " + text);
            }
            LOG.debug("kafka-storage format: {}", text);
        } catch (RuntimeException e) {
            if (e instanceof IllegalStateException) {
                throw e;
            }
            throw new IllegalStateException("Kafka storage format failed: " + e.getMessage() + " "
                    + output.toString(StandardCharsets.UTF_8).trim(), e);
        } finally {
            Files.deleteIfExists(config);
        }
    }

    private void awaitReady() {
        Properties config = new Properties();
        config.put(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers());
        config.put(AdminClientConfig.CLIENT_ID_CONFIG, "embedded-broker-readiness");
        config.put(AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, "5000");
        config.put(AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, "10000");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MS_CONFIG, "50");
        config.put(AdminClientConfig.RECONNECT_BACKOFF_MAX_MS_CONFIG, "200");
        long deadline = System.nanoTime() + READY_TIMEOUT.toNanos();
        Exception last = null;
        try (Admin admin = Admin.create(config)) {
            while (System.nanoTime() < deadline) {
                try {
                    DescribeClusterResult cluster = admin.describeCluster();
                    Collection<Node> nodes = cluster.nodes().get(10, TimeUnit.SECONDS);
                    String id = cluster.clusterId().get(10, TimeUnit.SECONDS);
                    if (!nodes.isEmpty()) {
                        if (!clusterId.equals(id)) {
                            throw new IllegalStateException("Kafka answered with cluster id " + id + ", expected " + clusterId);
                        }
                        return;
                    }
                } catch (ExecutionException | TimeoutException e) {
                    last = e;
                }
                Thread.sleep(100);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("Interrupted while waiting for Kafka", e);
        }
        throw new IllegalStateException("Kafka did not answer on " + bootstrapServers() + " within " + READY_TIMEOUT, last);
    }

    @Override
    public void close() {
        try {
            server.shutdown();
            server.awaitShutdown();
        } catch (RuntimeException e) {
            LOG.warn("Could not stop Kafka cleanly", e);
        }
    }
}
