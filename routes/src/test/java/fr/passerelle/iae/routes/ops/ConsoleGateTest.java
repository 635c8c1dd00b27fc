package fr.passerelle.iae.routes.ops;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.net.http.HttpRequest;
import java.time.Duration;

import org.junit.jupiter.api.Test;

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
