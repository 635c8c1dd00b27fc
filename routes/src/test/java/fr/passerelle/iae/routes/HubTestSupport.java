package fr.passerelle.iae.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.LocalDate;
import java.util.Map;
import java.util.UUID;

import org.apache.camel.test.spring.junit5.CamelSpringBootTest;
import org.apache.camel.test.spring.junit5.DisableJmx;
import org.junit.jupiter.api.AfterEach;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.autoconfigure.actuate.observability.AutoConfigureObservability;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.context.annotation.Import;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.test.context.DynamicPropertyRegistry;
import org.springframework.test.context.DynamicPropertySource;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.connectors.asp.AspSimulator;
import fr.passerelle.iae.connectors.infra.MovableClock;
import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.registry.evidence.EvidenceStore;

/**
 * The real hub on real servers (Testcontainers with Docker, the embedded servers without). Every test class
 * extending this shares one Spring context, to keep the suite fast.
 */
@CamelSpringBootTest
// the hawtio console reads Camel through JMX, which Camel's test support turns off by default
@DisableJmx(false)
@SpringBootTest(classes = PasserelleApplication.class, webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT,
        properties = {
                "passerelle.embedded.enabled=false",
                "passerelle.registry.issuer-prefix=XXXXX",
                "passerelle.registry.asp-id-secret=test-secret",
                "passerelle.asp.fluxiae-password=" + HubTestSupport.FLUXIAE_PASSWORD,
                "passerelle.relay.period-ms=100",
                // retrait/ is read at ASP's slots or on demand only; a poll asked for by the hub itself comes within seconds
                "passerelle.asp.returns.poll-ms=2000",
                // a delivery taken within half a second of its arrival: the tests wait on each one
                "passerelle.conventions.poll-delay-ms=500",
                "passerelle.evidence.seal-period-ms=500",
                // every kept file read again by each verification: a changed byte anywhere is found, not drawn by chance
                "passerelle.evidence.verify-sample=1000000",
                // a partner whose files are past their retention as soon as kept (EvidenceExportTest)
                "passerelle.evidence.retention=ASP=P10Y,france-travail=P10Y,retention-test=P0D,*=P5Y",
                // the evidence timestamps' minute and five minutes, in tenths of seconds (EvidenceTimestampTest)
                "passerelle.evidence.timestamp-period-ms=300",
                "passerelle.evidence.timestamp-alert-after-ms=3000",
                "passerelle.evidence.timestamp-alert-failures=3",
        })
@AutoConfigureObservability
@Import(TestHub.Config.class)
public abstract class HubTestSupport {

    /** ASP's secret of the fluxIAE views' encrypted archives, in tests. */
    public static final String FLUXIAE_PASSWORD = "secret-fluxiae-test";

    @DynamicPropertySource
    static void servers(DynamicPropertyRegistry registry) {
        TestHub.servers(registry);
    }

    @LocalServerPort
    protected int port;
    @Autowired
    protected MovableClock clock;
    @Autowired
    protected ApiClients clients;
    @Autowired
    protected ObjectMapper json;
    @Autowired
    private EvidenceStore evidence;

    protected final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    @AfterEach
    void realTime() {
        clock.reset();
    }

    /** ASP on the test SFTP server: call {@code processDeposits()} to get its return files (PARTNERS §1.7). */
    protected static AspSimulator asp() {
        return TestHub.aspSimulator();
    }

    /** A client with these scopes, created for the test; returns its key. */
    protected String keyWith(String... scopes) {
        return clients.register("test-" + UUID.randomUUID(), java.util.Set.of(scopes));
    }

    /**
     * The SHA-256 of {@code size} new bytes kept as a file from {@code partner}: what a journal entry opened by a test
     * names, as the flows' entries do, so that the evidence verifier finds the file of every leaf.
     */
    protected String keptFile(String partner, int size) {
        byte[] bytes = new byte[size];
        java.util.concurrent.ThreadLocalRandom.current().nextBytes(bytes);
        return evidence.keep(partner, bytes).sha256();
    }

    /** The database's superuser, apart from the hub's role: what an administrator could do behind the hub's back. */
    protected static JdbcClient databaseSuperuser() {
        TestInfrastructure infra = TestInfrastructure.get();
        return JdbcClient.create(new DriverManagerDataSource(infra.jdbcUrl(), infra.dbAdminUser(), infra.dbPassword()));
    }

    protected String fullKey() {
        return keyWith("pass:write", "pass:read", "ops:read", "ops:write");
    }

    private String opsKey;

    /**
     * Runs a scheduled flow now through the ops API, as an operator would (202 at once), and returns its run once it
     * has ended ({@code DONE} or {@code FAILED}), as {@code GET /api/v1/ops/runs/{runId}} shows it.
     */
    protected JsonNode runToEnd(String flow) {
        return endOf(startRun(flow));
    }

    /** Starts a run of a scheduled flow through the ops API (202 at once); returns where it can be followed. */
    protected String startRun(String flow) {
        if (opsKey == null) {
            opsKey = keyWith("ops:read", "ops:write");
        }
        Answer started = post("/api/v1/ops/flows/" + flow + "/run", opsKey, UUID.randomUUID().toString(), "{}");
        assertThat(started.status()).as(started.raw()).isEqualTo(202);
        return started.headers().firstValue("Location").orElseThrow();
    }

    /** The run started by {@link #startRun} once it has ended ({@code DONE} or {@code FAILED}). */
    protected JsonNode endOf(String run) {
        return await().atMost(Duration.ofMinutes(2)).pollInterval(Duration.ofMillis(50))
                .until(() -> get(run, opsKey), answer -> answer.status() == 200 && !answer.body().get("state").asText().equals("RUNNING"))
                .body();
    }

    public record Answer(int status, JsonNode body, String raw, java.net.http.HttpHeaders headers) {
    }

    protected Answer post(String path, String key, String idempotencyKey, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path))
                .timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body));
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        if (idempotencyKey != null) {
            request.header("Idempotency-Key", idempotencyKey);
        }
        return send(request.build());
    }

    protected Answer get(String path, String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path.replace(" ", "%20")))
                .timeout(Duration.ofSeconds(30)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return send(request.build());
    }

    protected Answer send(HttpRequest request) {
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            JsonNode body = null;
            if (response.body() != null && !response.body().isBlank() && response.body().strip().startsWith("{")
                    || response.body() != null && response.body().strip().startsWith("[")) {
                body = json.readTree(response.body());
            }
            return new Answer(response.statusCode(), body, response.body(), response.headers());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    protected String toJson(Object value) {
        try {
            return json.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** "today" of the business rules, in Paris, from the test clock. */
    protected LocalDate today() {
        return LocalDate.ofInstant(clock.instant(), java.time.ZoneId.of("Europe/Paris"));
    }

    protected static Map<String, Object> map(Object... keyValues) {
        Map<String, Object> map = new java.util.LinkedHashMap<>();
        for (int i = 0; i < keyValues.length; i += 2) {
            map.put((String) keyValues[i], keyValues[i + 1]);
        }
        return map;
    }
}
