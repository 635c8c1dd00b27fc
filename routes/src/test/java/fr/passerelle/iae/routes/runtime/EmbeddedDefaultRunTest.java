package fr.passerelle.iae.routes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.Socket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.ConfigurableApplicationContext;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.PasserelleApplication;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The README's run command with no configuration: embedded servers, demo key, data kept across a restart,
 * servers closed on a clean stop.
 */
class EmbeddedDefaultRunTest {

    private final HttpClient http = HttpClient.newHttpClient();
    private final ObjectMapper json = new ObjectMapper();

    @Test
    void the_hub_runs_on_its_embedded_servers_and_keeps_its_data_across_a_restart() throws Exception {
        Path home = Path.of("target", "embedded-run-" + UUID.randomUUID()).toAbsolutePath();
        String number;
        int postgresPort;
        try (ConfigurableApplicationContext hub = start(home)) {
            String key = Files.readString(home.resolve("demo-api-key")).strip();
            Properties endpoints = new Properties();
            endpoints.load(Files.newBufferedReader(home.resolve("endpoints.properties")));
            postgresPort = URI.create(endpoints.getProperty("spring.datasource.url").substring(5)).getPort();
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
            // ASP remembers what it integrated before the restart: the same fiches again are duplicates
            assertThat(aspCodes(home, "RIAE_FS_20250305105500")).containsExactly("3436", "3436", "3436");
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
