package fr.passerelle.iae.routes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.UUID;

import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringSerializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.PasserelleApplication;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The README's run command with no configuration: embedded servers, demo key and demo conventionnement delivery,
 * data kept across a restart,
 * servers closed on a clean stop; its whole log is JSON lines with no NIR nor birth date in them (ID-10).
 */
@ExtendWith(OutputCaptureExtension.class)
class EmbeddedDefaultRunTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void the_hub_runs_on_its_embedded_servers_and_keeps_its_data_across_a_restart(CapturedOutput output) throws Exception {
        List<String> personalData = new ArrayList<>();
        Path home = Path.of("target", "embedded-run-" + UUID.randomUUID()).toAbsolutePath();
        String number;
        int postgresPort;
        String dbPassword;
        try (ConfigurableApplicationContext hub = start(home)) {
            String key = Files.readString(home.resolve("demo-api-key")).strip();
            Properties endpoints = new Properties();
            endpoints.load(Files.newBufferedReader(home.resolve("endpoints.properties")));
            postgresPort = URI.create(endpoints.getProperty("spring.datasource.url").substring(5)).getPort();
            dbPassword = endpoints.getProperty("spring.datasource.password");
            assertThat(dbPassword).isEqualTo(Files.readString(home.resolve("postgres-password")).strip());
            LocalDate today = LocalDate.now(java.time.ZoneId.of("Europe/Paris"));

            HttpResponse<String> issued = http.send(HttpRequest.newBuilder(uri(hub, "/api/v1/passes"))
                    .header("Authorization", "Bearer " + key).header("Content-Type", "application/json")
                    .header("Idempotency-Key", "embedded-run")
                    .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(PassFixtures.newHire(today)))).build(),
                    HttpResponse.BodyHandlers.ofString());

            assertThat(issued.statusCode()).isEqualTo(201);
            number = json.readTree(issued.body()).get("number").asText();
            assertThat(number).startsWith("99999");
            assertThat(Files.isDirectory(home.resolve("sftp/asp/depot"))).isTrue();
            // the data folder and its secrets are their owner's alone
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home))).isEqualTo("rwx------");
            for (String secret : List.of("demo-api-key", "endpoints.properties", "secrets/asp-id-secret", "secrets/fluxiae-password",
                    "postgres-password")) {
                assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(home.resolve(secret)))).as(secret)
                        .isEqualTo("rw-------");
            }
            // the demo delivery of the first start, one archive with its views encrypted as ASP ships them, gives the
            // README's employer its ASP convention (FS-01)
            Awaitility.await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                HttpResponse<String> employer = http.send(HttpRequest.newBuilder(uri(hub, "/api/v1/employers/73282932000074"))
                        .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
                assertThat(json.readTree(employer.body()).path("aspId").asText()).as(employer.body()).isEqualTo("4105");
                assertThat(json.readTree(employer.body()).path("status").asText()).isEqualTo("ACTIVE");
                assertThat(demoViews(home, "conventions/done")).hasSize(1);
            });
            Path delivered = home.resolve("sftp/conventions/done").resolve(demoViews(home, "conventions/done").get(0));
            char[] secret = Files.readString(home.resolve("secrets/fluxiae-password")).strip().toCharArray();
            try (java.util.zip.ZipFile outer = new java.util.zip.ZipFile(delivered.toFile())) {
                assertThat(outer.stream().map(java.util.zip.ZipEntry::getName)).allMatch(name -> name.endsWith(".csv.gz")).hasSize(2);
                for (var entry : java.util.Collections.list(outer.entries())) {
                    try (var inner = new net.lingala.zip4j.io.inputstream.ZipInputStream(outer.getInputStream(entry), secret)) {
                        assertThat(inner.getNextEntry().isEncrypted()).as(entry.getName()).isTrue();
                    }
                }
            }
            personalDataThroughEveryEntrance(hub, key, endpoints.getProperty("passerelle.kafka.brokers"), today, personalData,
                    output);
            // the ASP simulator answers a deposit in asp/retrait/ by itself
            assertThat(aspCodes(home, "RIAE_FS_20250305095500")).containsExactly("0000", "0000", "0000");
        }
        assertThat(portOpen(postgresPort)).as("PostgreSQL closed with the hub").isFalse();

        try (ConfigurableApplicationContext hub = start(home)) {
            String key = Files.readString(home.resolve("demo-api-key")).strip();
            HttpResponse<String> found = http.send(HttpRequest.newBuilder(uri(hub, "/api/v1/passes/" + number))
                    .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());

            assertThat(found.statusCode()).isEqualTo(200);
            assertThat(json.readTree(found.body()).get("number").asText()).isEqualTo(number);
            assertThat(demoViews(home, "conventions")).as("the demo delivery is dropped on the first start only").isEmpty();
            assertThat(demoViews(home, "conventions/done")).hasSize(1);
            // ASP remembers what it integrated before the restart: the same fiches again are duplicates
            assertThat(aspCodes(home, "RIAE_FS_20250305105500")).containsExactly("3436", "3436", "3436");
        }
        assertThat(output.getAll()).as("the database password in the output").doesNotContain(dbPassword);
    }

    /**
     * ID-10 over a full run: persons go through REST (issued, refused, malformed NIR, searched) and Kafka (answered,
     * and one the hub fails on, whose stack trace is logged), then no log line holds their NIR or birth date, every
     * line of the hub is JSON, and the Kafka message's correlation id is in the lines of its processing.
     */
    private void personalDataThroughEveryEntrance(ConfigurableApplicationContext hub, String key, String brokers, LocalDate today,
                                                  List<String> personalData, CapturedOutput output) throws Exception {
        LocalDate birth = LocalDate.of(1979, 3, 14);
        String nir = PassFixtures.newNir(birth);
        String otherNir = PassFixtures.newNir(birth.plusDays(3));
        personalData.addAll(List.of(nir, otherNir, birth.toString(), birth.plusDays(3).toString(), "14/03/1979", "17/03/1979"));
        Map<String, Object> hire = PassFixtures.issuance(PassFixtures.person(nir, birth), "73282932000074", "ACI", today.plusDays(1), today);
        Map<String, Object> conflict = PassFixtures.issuance(PassFixtures.person(nir, birth.plusDays(1)), "44198765800016", "AI",
                today.plusDays(1), today);
        Map<String, Object> badKey = PassFixtures.issuance(PassFixtures.person(nir.substring(0, 13) + "00", birth), "73282932000074",
                "ACI", today.plusDays(1), today);
        assertThat(post(hub, key, "/api/v1/passes", hire).statusCode()).isEqualTo(201);
        assertThat(post(hub, key, "/api/v1/passes", conflict).statusCode()).isEqualTo(422);
        assertThat(post(hub, key, "/api/v1/passes", badKey).statusCode()).isEqualTo(400);
        assertThat(post(hub, key, "/api/v1/passes/search", Map.of("nir", nir)).statusCode()).isEqualTo(200);

        String correlationId = "full-run-" + UUID.randomUUID();
        byte[] command = json.writeValueAsBytes(PassFixtures.issuance(PassFixtures.person(otherNir, birth.plusDays(3)),
                "73282932000074", "ACI", today.plusDays(1), today));
        Map<String, Object> config = Map.of("bootstrap.servers", brokers, "key.serializer", StringSerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName());
        try (KafkaProducer<String, byte[]> producer = new KafkaProducer<>(config)) {
            ProducerRecord<String, byte[]> answered = new ProducerRecord<>("iae.pass.commands.v1", "full-run-" + UUID.randomUUID(), command);
            answered.headers().add("correlationId", correlationId.getBytes(StandardCharsets.UTF_8));
            // PostgreSQL refuses U+0000: the hub fails on this one, retries, logs the failure and keeps a dead letter
            ProducerRecord<String, byte[]> poisoned = new ProducerRecord<>("iae.pass.commands.v1", "poison-\u0000-" + UUID.randomUUID(), command);
            producer.send(answered).get();
            producer.send(poisoned).get();
        }
        Awaitility.await().atMost(Duration.ofSeconds(90)).until(() -> output.getAll().contains("kept as dead letter"));
        Awaitility.await().atMost(Duration.ofSeconds(30)).until(() -> output.getAll().contains("\"correlationId\":\"" + correlationId + "\""));

        String log = output.getAll();
        // and what operators read: flow states, journal errors, dead letters, health (ID-10)
        String stores = hub.getBean(org.springframework.jdbc.core.simple.JdbcClient.class).sql("SELECT string_agg(text, '|') FROM "
                        + "(SELECT last_error AS text FROM flow_state UNION ALL SELECT error FROM exchange UNION ALL SELECT error "
                        + "FROM dead_letter UNION ALL SELECT message || coalesce(masked_value, '') FROM reject) t")
                .query(String.class).optional().orElse("");
        HttpResponse<String> health = http.send(HttpRequest.newBuilder(uri(hub, "/actuator/health"))
                .header("Authorization", "Bearer " + key).GET().build(), HttpResponse.BodyHandlers.ofString());
        assertThat(stores).as("the poisoned message's dead letter at least").isNotBlank();
        for (String value : personalData) {
            assertThat(log).as("personal data in the log").doesNotContain(value);
            assertThat(stores + health.body()).as("personal data where operators read").doesNotContain(value);
        }
        List<String> hubLines = log.lines().filter(l -> l.startsWith("{")).toList();
        assertThat(hubLines).hasSizeGreaterThan(50);
        for (String line : hubLines) {
            assertThat(json.readTree(line).has("@timestamp")).as(line).isTrue();
        }
    }

    private HttpResponse<String> post(ConfigurableApplicationContext hub, String key, String path, Object body) throws Exception {
        return http.send(HttpRequest.newBuilder(uri(hub, path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Idempotency-Key", UUID.randomUUID().toString())
                .POST(HttpRequest.BodyPublishers.ofString(json.writeValueAsString(body))).build(), HttpResponse.BodyHandlers.ofString());
    }

    /**
     * The fluxIAE views in a folder of the conventions drop box; none while the folder does not exist yet ({@code done/}
     * is created by the first move, after the import's commit: an exception here would end an await at once).
     */
    private static List<String> demoViews(Path home, String folder) throws java.io.IOException {
        Path dir = home.resolve("sftp").resolve(folder);
        if (!Files.isDirectory(dir)) {
            return List.of();
        }
        try (var files = Files.list(dir)) {
            return files.map(file -> file.getFileName().toString()).filter(name -> name.startsWith("fluxIAE_")).toList();
        }
    }

    /** Deposits the contract's sample upload under {@code stem}.json and waits for the simulator's return codes. */
    private List<String> aspCodes(Path home, String stem) throws Exception {
        byte[] sample;
        try (var in = getClass().getResourceAsStream("/asp/RIAE_FS_20250305095500.json")) {
            sample = in.readAllBytes();
        }
        Files.write(home.resolve("sftp/asp/depot/" + stem + ".json"), sample);
        Path returned = home.resolve("sftp/asp/retrait/" + stem + "_FichierRetour.json");
        Awaitility.await().atMost(Duration.ofSeconds(20)).until(() -> Files.exists(returned));
        List<String> codes = new ArrayList<>();
        json.readTree(returned.toFile()).get("lignesTelechargement").forEach(line -> codes.add(line.get("codeTraitement").asText()));
        return codes;
    }

    private static ConfigurableApplicationContext start(Path home) {
        // command-line arguments, as a user would pass them: they outrank application.properties (server.port=8080)
        return new SpringApplicationBuilder(PasserelleApplication.class)
                .run("--passerelle.home=" + home, "--server.port=0", "--passerelle.asp-simulator.period-ms=200");
    }

    private static URI uri(ConfigurableApplicationContext hub, String path) {
        int port = ((WebServerApplicationContext) hub).getWebServer().getPort();
        return URI.create("http://127.0.0.1:" + port + path);
    }

    private static boolean portOpen(int port) {
        try (Socket socket = new Socket("127.0.0.1", port)) {
            return true;
        } catch (java.io.IOException e) {
            return false;
        }
    }
}
