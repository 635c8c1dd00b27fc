package fr.passerelle.iae.connectors.francetravail;

import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** OAuth2 client-credentials tokens (PARTNERS §3.2), cached until 10 s before they expire. */
class AccessTokens {

    private static final Duration MARGIN = Duration.ofSeconds(10);

    private record Token(String header, Instant expiresAt) {
    }

    private final FranceTravailSettings settings;
    private final HttpClient http;
    private final ObjectMapper json;
    private Token current;

    AccessTokens(FranceTravailSettings settings, HttpClient http, ObjectMapper json) {
        this.settings = settings;
        this.http = http;
        this.json = json;
    }

    /** The {@code Authorization} header value: {@code <token_type> <access_token>}. */
    synchronized String header() {
        if (current == null || !Instant.now().isBefore(current.expiresAt().minus(MARGIN))) {
            current = fetch();
        }
        return current.header();
    }

    /** After a 401: the next call fetches a new token. */
    synchronized void drop() {
        current = null;
    }

    private Token fetch() {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("client_id", settings.clientId());
        form.put("client_secret", settings.clientSecret());
        form.put("grant_type", "client_credentials");
        form.put("scope", settings.scope());
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8))
                .collect(Collectors.joining("&"));
        URI uri = settings.authBaseUrl().resolve("/connexion/oauth2/access_token?realm=/partenaire");
        HttpRequest request = HttpRequest.newBuilder(uri).timeout(settings.timeout())
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body)).build();
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString());
            if (response.statusCode() != 200) {
                throw new FranceTravailUnavailable("TOKEN_HTTP_" + response.statusCode(),
                        "France Travail token endpoint answered " + response.statusCode());
            }
            JsonNode token = json.readTree(response.body());
            String type = token.path("token_type").asText("Bearer");
            String access = token.path("access_token").asText("");
            if (access.isEmpty()) {
                throw new FranceTravailUnavailable("TOKEN_MALFORMED", "France Travail token answer without access_token");
            }
            return new Token(type + " " + access, Instant.now().plusSeconds(token.path("expires_in").asLong(0)));
        } catch (HttpTimeoutException e) {
            throw new FranceTravailUnavailable("TIMEOUT", "France Travail token endpoint timed out", null, e);
        } catch (IOException e) {
            throw new FranceTravailUnavailable("NETWORK", "France Travail token endpoint unreachable: " + e.getMessage(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new FranceTravailUnavailable("INTERRUPTED", "interrupted", null, e);
        }
    }
}
