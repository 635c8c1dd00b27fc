package fr.passerelle.iae.connectors.infra;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.JSchException;
import com.jcraft.jsch.Session;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.Paths;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.Vector;
import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.consumer.ConsumerConfig;
import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerConfig;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/** Starts the real servers on random ports, uses each one as a client would, then restarts them on the same data. */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class EmbeddedServersTest {

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServersTest.class);
    private static final Path DATA_DIR = Paths.get("target", "embedded-servers-test-" + UUID.randomUUID().toString().substring(0, 8))
            .toAbsolutePath();
    private static final String TOPIC = "infra.test";

    private static EmbeddedServers servers;
    private static String clusterId;
    private static String hostKeyLine;
    private static String password;
    private static String hubKey;

    @AfterAll
    static void closeServers() throws Exception {
        if (servers != null) {
            servers.close();
        }
        if (Files.exists(DATA_DIR)) {
            try (var paths = Files.walk(DATA_DIR)) {
                paths.sorted(java.util.Comparator.reverseOrder()).forEach(path -> path.toFile().delete());
            }
        }
    }

    @Test
    @Order(1)
    void startsFreshServersThatAnswerRealClients() throws Exception {
        long t0 = System.nanoTime();
        servers = EmbeddedServers.start(DATA_DIR, false);
        LOG.info("fresh start in {} ms\n{}", (System.nanoTime() - t0) / 1_000_000, servers.describe());

        // PostgreSQL
        try (Connection db = connect(servers)) {
            assertThat(queryString(db, "select 1")).isEqualTo("1");
            assertThat(queryString(db, "select current_database()")).isEqualTo("passerelle");
            assertThat(queryString(db, "show fsync")).isEqualTo("on");
            assertThat(queryString(db, "show synchronous_commit")).isEqualTo("on");
            assertThat(queryString(db, "show max_connections")).isEqualTo("200");
            try (Statement statement = db.createStatement()) {
                statement.execute("create table infra_check (id int primary key, label text not null)");
                statement.execute("insert into infra_check values (1, 'kept across restarts')");
            }
            assertThat(queryString(db, "select label from infra_check where id = 1")).isEqualTo("kept across restarts");
        }

        // Kafka
        clusterId = clusterId(servers.kafkaBootstrapServers());
        assertThat(clusterId).isEqualTo(servers.kafkaClusterId());
        assertThat(Files.readString(DATA_DIR.resolve("kafka/meta.properties"))).contains("cluster.id=" + clusterId);
        try (KafkaProducer<String, String> producer = producer(servers.kafkaBootstrapServers())) {
            producer.send(new ProducerRecord<>(TOPIC, "key-1", "hello")).get();
        }
        assertThat(consumeOne(servers.kafkaBootstrapServers(), "group-" + UUID.randomUUID()))
                .isEqualTo("key-1=hello");

        // SFTP: the hub's key, ssh-rsa only (as with ASP), strict host key checking against the written known_hosts
        SftpAccess sftp = servers.sftp();
        assertThat(sftp.host()).isEqualTo("127.0.0.1");
        assertThat(sftp.user()).isEqualTo("passerelle");
        assertThat(sftp.toString()).doesNotContain(sftp.password());
        assertThat(Files.readString(sftp.privateKey())).startsWith("-----BEGIN RSA PRIVATE KEY-----");
        List<String> knownHosts = Files.readAllLines(sftp.knownHosts());
        assertThat(knownHosts).hasSize(2);
        assertThat(knownHosts.get(0)).startsWith("[127.0.0.1]:" + sftp.port() + " ssh-rsa ");
        assertThat(knownHosts.get(1)).startsWith("[localhost]:" + sftp.port() + " ssh-rsa ");
        for (String dropBox : List.of("asp/depot", "asp/retrait", "conventions", "francetravail/agrements",
                "francetravail/pass", "sirene")) {
            assertThat(sftp.root().resolve(dropBox)).isDirectory();
        }
        assertThat(sftp.root()).isEqualTo(DATA_DIR.resolve("sftp"));

        byte[] content = "{\"lignesTelechargement\":[]}\n".getBytes(StandardCharsets.UTF_8);
        Session session = connectSftp(sftp, true);
        try {
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(10_000);
            channel.put(new ByteArrayInputStream(content), "asp/depot/RIAE_FS_20240101120000.json");
            assertThat(sftp.root().resolve("asp/depot/RIAE_FS_20240101120000.json")).hasBinaryContent(content);
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            channel.get("asp/depot/RIAE_FS_20240101120000.json", downloaded);
            assertThat(downloaded.toByteArray()).isEqualTo(content);

            // the login directory is the root, holding the drop boxes, and nothing above it is reachable
            assertThat(channel.pwd()).isEqualTo("/");
            assertThat(names(channel.ls("/"))).contains("asp", "conventions", "francetravail", "sirene");
            assertThat(names(channel.ls("/asp"))).contains("depot", "retrait");
            assertThat(names(channel.ls("/francetravail"))).contains("agrements", "pass");
            assertThat(channel.realpath("../..")).isEqualTo("/");
            assertThat(names(channel.ls("/../.."))).contains("asp").doesNotContain("sftp-keys", "postgres");
            channel.disconnect();
        } finally {
            session.disconnect();
        }

        // password authentication works too; a wrong password does not
        Session byPassword = connectSftp(sftp, false);
        byPassword.disconnect();
        assertThatThrownBy(() -> connectSftp(new SftpAccess(sftp.host(), sftp.port(), sftp.user(), "wrong",
                sftp.privateKey(), sftp.knownHosts(), sftp.root()), false)).isInstanceOf(JSchException.class);

        hostKeyLine = knownHosts.get(0).substring(knownHosts.get(0).indexOf(' ') + 1);
        password = sftp.password();
        hubKey = Files.readString(sftp.privateKey());

        assertThat(servers.describe())
                .contains(servers.jdbcUrl(), servers.kafkaBootstrapServers(), String.valueOf(sftp.port()), sftp.password(),
                        DATA_DIR.resolve("postgres-password").toString())
                .doesNotContain(servers.dbPassword());
    }

    @Test
    @Order(2)
    void closesIdempotentlyAndAFailedStartClosesWhatItStarted() throws Exception {
        long t0 = System.nanoTime();
        servers.close();
        LOG.info("close in {} ms", (System.nanoTime() - t0) / 1_000_000);
        servers.close();
        servers = null;

        // SFTP fails to start (its password file is unreadable): PostgreSQL and Kafka must be closed, or the next
        // start on the same folder finds them holding their locks
        Path passwordFile = DATA_DIR.resolve("sftp-keys/password");
        Path saved = DATA_DIR.resolve("password.saved");
        Files.move(passwordFile, saved);
        Files.createDirectory(passwordFile);
        try {
            assertThatThrownBy(() -> EmbeddedServers.start(DATA_DIR, false))
                    .isInstanceOf(IllegalStateException.class)
                    .hasMessageContaining("SFTP");
        } finally {
            Files.delete(passwordFile);
            Files.move(saved, passwordFile);
        }
    }

    @Test
    @Order(3)
    void restartKeepsTheData() throws Exception {
        long t0 = System.nanoTime();
        servers = EmbeddedServers.start(DATA_DIR, false);
        LOG.info("restart in {} ms\n{}", (System.nanoTime() - t0) / 1_000_000, servers.describe());

        try (Connection db = connect(servers)) {
            assertThat(queryString(db, "select label from infra_check where id = 1")).isEqualTo("kept across restarts");
        }
        assertThat(clusterId(servers.kafkaBootstrapServers())).isEqualTo(clusterId);
        assertThat(consumeOne(servers.kafkaBootstrapServers(), "group-" + UUID.randomUUID())).isEqualTo("key-1=hello");

        SftpAccess sftp = servers.sftp();
        List<String> knownHosts = Files.readAllLines(sftp.knownHosts());
        assertThat(knownHosts.get(0)).isEqualTo("[127.0.0.1]:" + sftp.port() + " " + hostKeyLine);
        assertThat(sftp.password()).isEqualTo(password);
        assertThat(Files.readString(sftp.privateKey())).isEqualTo(hubKey);
        Session session = connectSftp(sftp, true);
        try {
            ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
            channel.connect(10_000);
            ByteArrayOutputStream downloaded = new ByteArrayOutputStream();
            channel.get("/asp/depot/RIAE_FS_20240101120000.json", downloaded);
            assertThat(downloaded.toString(StandardCharsets.UTF_8)).contains("lignesTelechargement");
            channel.disconnect();
        } finally {
            session.disconnect();
        }
    }

    static Connection connect(EmbeddedServers servers) throws Exception {
        return DriverManager.getConnection(servers.jdbcUrl(), servers.dbUser(), servers.dbPassword());
    }

    static String queryString(Connection db, String sql) throws Exception {
        try (Statement statement = db.createStatement(); ResultSet rows = statement.executeQuery(sql)) {
            assertThat(rows.next()).isTrue();
            return rows.getString(1);
        }
    }

    static String clusterId(String bootstrapServers) throws Exception {
        try (Admin admin = Admin.create(java.util.Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers))) {
            return admin.describeCluster().clusterId().get();
        }
    }

    static KafkaProducer<String, String> producer(String bootstrapServers) {
        Properties props = new Properties();
        props.put(ProducerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ProducerConfig.ACKS_CONFIG, "all");
        props.put(ProducerConfig.MAX_BLOCK_MS_CONFIG, "30000");
        // batches compressed as a partner's producer may send them: the broker keeps them so, the consumer inflates them
        // (the LZ4 jar is at.yawk.lz4's, in place of the one kafka-clients names)
        props.put(ProducerConfig.COMPRESSION_TYPE_CONFIG, "lz4");
        return new KafkaProducer<>(props, new StringSerializer(), new StringSerializer());
    }

    static String consumeOne(String bootstrapServers, String groupId) {
        Properties props = new Properties();
        props.put(ConsumerConfig.BOOTSTRAP_SERVERS_CONFIG, bootstrapServers);
        props.put(ConsumerConfig.GROUP_ID_CONFIG, groupId);
        props.put(ConsumerConfig.AUTO_OFFSET_RESET_CONFIG, "earliest");
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(props, new StringDeserializer(), new StringDeserializer())) {
            consumer.subscribe(List.of(TOPIC));
            long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
            while (System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> record : consumer.poll(Duration.ofMillis(200))) {
                    return record.key() + "=" + record.value();
                }
            }
        }
        throw new AssertionError("no record consumed from " + TOPIC);
    }

    /** A JSch session as camel-ftp opens it for ASP: strict host key checking, ssh-rsa only. */
    static Session connectSftp(SftpAccess sftp, boolean withKey) throws JSchException {
        JSch jsch = new JSch();
        jsch.setKnownHosts(sftp.knownHosts().toString());
        if (withKey) {
            jsch.addIdentity(sftp.privateKey().toString());
        }
        Session session = jsch.getSession(sftp.user(), sftp.host(), sftp.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", "ssh-rsa");
        session.setConfig("PubkeyAcceptedAlgorithms", "ssh-rsa");
        session.setConfig("PreferredAuthentications", withKey ? "publickey" : "password");
        if (!withKey) {
            session.setPassword(sftp.password());
        }
        session.connect(10_000);
        assertThat(session.getHostKey().getType()).isEqualTo("ssh-rsa");
        return session;
    }

    static List<String> names(Vector<?> entries) {
        List<String> names = new ArrayList<>();
        for (Object entry : entries) {
            names.add(((ChannelSftp.LsEntry) entry).getFilename());
        }
        return names;
    }
}
