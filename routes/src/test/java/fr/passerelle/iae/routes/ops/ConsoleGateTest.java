package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.routes.HubTestSupport;

/** hawtio at /hawtio, behind the ops API keys (scope ops:write), never open to whoever reaches the port. */
class ConsoleGateTest extends HubTestSupport {

    @Test
    void the_console_and_jolokia_refuse_a_browser_without_a_console_session() {
        assertThat(get("/hawtio", null).status()).isEqualTo(401);
        assertThat(get("/actuator/hawtio/", null).status()).isEqualTo(401);
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory", null).status()).isEqualTo(401);
        assertThat(get("/actuator/jolokia/read/java.lang:type=Memory", keyWith("ops:read")).status()).isEqualTo(401);
        assertThat(session(keyWith("ops:read")).statusCode()).isEqualTo(403);
        assertThat(session(null).statusCode()).isEqualTo(401);
    }

    @Test
    void a_key_with_ops_write_opens_a_console_session_that_shows_camel_routes() {
        var opened = session(keyWith("ops:write"));
        String cookie = opened.headers().firstValue("Set-Cookie").orElseThrow();

        assertThat(opened.statusCode()).isEqualTo(204);
        assertThat(cookie).startsWith("passerelle_console=").contains("HttpOnly").contains("SameSite=Strict");
        String value = cookie.substring(0, cookie.indexOf(';'));
        Answer entry = send(browser("/hawtio", value));
        Answer console = send(browser("/actuator/hawtio/", value));
        Answer routes = send(browser("/actuator/jolokia/search/org.apache.camel:type=routes,*", value));

        assertThat(entry.status()).isEqualTo(302);
        assertThat(entry.headers().firstValue("Location").orElseThrow()).endsWith("/actuator/hawtio/");
        assertThat(console.status()).isEqualTo(200);
        assertThat(console.raw()).containsIgnoringCase("hawtio");
        assertThat(routes.status()).isEqualTo(200);
        assertThat(routes.raw()).contains("pass-commands").contains("event-relay");
    }

    @Autowired
    private ApiClients clients;

    @Test
    void the_console_cannot_dump_the_heap_load_an_agent_or_write_a_file() throws Exception {
        String key = keyWith("ops:write");
        Path dump = Path.of("target", "tmp", "console-" + UUID.randomUUID() + ".hprof").toAbsolutePath();
        String[] writes = {
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=HotSpotDiagnostic\",\"operation\":\"dumpHeap\","
                        + "\"arguments\":[\"" + dump + "\",true]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"gcHeapDump\","
                        + "\"arguments\":[[\"" + dump + "\"]]}",
                "{\"type\":\"exec\",\"mbean\":\"com.sun.management:type=DiagnosticCommand\",\"operation\":\"jvmtiAgentLoad\","
                        + "\"arguments\":[[\"/tmp/agent.so\"]]}",
                "{\"type\":\"exec\",\"mbean\":\"jdk.management.jfr:type=FlightRecorder\",\"operation\":\"newRecording\"}"};

        for (String write : writes) {
            Answer refused = send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/actuator/jolokia"))
                    .timeout(Duration.ofSeconds(30)).header("Authorization", "Bearer " + key)
                    .header("Content-Type", "application/json").POST(HttpRequest.BodyPublishers.ofString(write)).build());
            assertThat(refused.raw()).as(write).contains("\"status\":403").doesNotContain("\"status\":200");
        }
        Answer read = get("/actuator/jolokia/read/java.lang:type=Memory/HeapMemoryUsage", key);
        assertThat(read.raw()).as("reading stays possible").contains("\"status\":200");
        assertThat(Files.exists(dump)).isFalse();
    }

    @Test
    void a_console_session_ends_when_its_key_is_revoked() {
        String name = "console-" + UUID.randomUUID();
        String key = clients.register(name, Set.of("ops:write"));
        var opened = session(key);
        String value = opened.headers().firstValue("Set-Cookie").orElseThrow().split(";")[0];
        assertThat(send(browser("/actuator/hawtio/", value)).status()).isEqualTo(200);

        clients.register(name, Set.of("ops:write"));   // a new key: the old one no longer opens anything

        assertThat(send(browser("/actuator/hawtio/", value)).status()).isEqualTo(401);
        assertThat(send(browser("/actuator/jolokia/read/java.lang:type=Memory", value)).status()).isEqualTo(401);
    }

    private java.net.http.HttpResponse<String> session(String key) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + "/ops-console/session"))
                .timeout(Duration.ofSeconds(30)).POST(HttpRequest.BodyPublishers.noBody());
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        try {
            return http.send(request.build(), java.net.http.HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpRequest browser(String path, String cookie) {
        return HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).timeout(Duration.ofSeconds(30))
                .header("Cookie", cookie).GET().build();
    }
}
