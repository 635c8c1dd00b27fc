package fr.passerelle.iae.connectors.sirene;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeParseException;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.connectors.PartnerGuard;
import fr.passerelle.iae.connectors.WireTap;
import fr.passerelle.iae.mappings.sirene.EstablishmentRecord;

/**
 * The hub's client of the API Sirene 3.11 {@code GET /siret/{siret}} (PARTNERS §4.6): timeouts, retries with
 * back-off on 5xx and timeouts inside a circuit breaker, 429 reported with its {@code Retry-After}. The pace (30
 * requests a minute, shared by every hub node) is the caller's: it is kept in the database. Thread-safe.
 */
public class SireneClient {

    static final String KEY_HEADER = "X-INSEE-Api-Key-Integration";
    private static final String MASKED = "[ND]";

    private final SireneSettings settings;
    private final HttpClient http;
    private final ObjectMapper json = new ObjectMapper();
    private final PartnerGuard guard;
    private final Consumer<Duration> latency;
    private final WireTap tap;
    private final AtomicLong calls = new AtomicLong();

    /**
     * @param latency told the duration of every HTTP exchange (a Micrometer timer in the hub)
     * @param tap     told the bytes of every request and answer (the evidence journal keeps them)
     */
    public SireneClient(SireneSettings settings, Consumer<Duration> latency, WireTap tap) {
        this.settings = settings;
        this.latency = latency == null ? d -> { } : latency;
        this.tap = tap;
        this.http = HttpClient.newBuilder().connectTimeout(settings.timeout()).version(HttpClient.Version.HTTP_1_1).build();
        this.guard = new PartnerGuard("insee", settings.breakerMinimumCalls(), settings.breakerFailureRate(),
                settings.breakerOpenFor(), settings.retryAttempts(), settings.retryBackoff(), e -> e instanceof SireneUnavailable u && u.transientFault());
    }

    /** The establishment's answer; every technical failure is a {@link SireneUnavailable}. */
    public SireneAnswer lookup(String siret) {
        return guard.call(() -> attempt(siret), e -> new SireneUnavailable("CIRCUIT_OPEN", "INSEE circuit breaker is open", null, e));
    }

    /** CLOSED, OPEN, HALF_OPEN… */
    public String circuitState() {
        return guard.state();
    }

    /** HTTP requests made since start (retries included). */
    public long callCount() {
        return calls.get();
    }

    private SireneAnswer attempt(String siret) {
        HttpResponse<byte[]> response = send(siret);
        int status = response.statusCode();
        switch (status) {
            case 200 -> {
                return found(new String(response.body(), StandardCharsets.UTF_8));
            }
            case 404 -> {
                return new SireneAnswer.Unknown();
            }
            case 403 -> {
                return new SireneAnswer.NotDiffusible();
            }
            case 400 -> {
                return new SireneAnswer.Refused(message(new String(response.body(), StandardCharsets.UTF_8)));
            }
            case 429 -> {
                Duration wait = retryAfter(response).orElse(settings.defaultRetryAfter());
                throw new SireneUnavailable("HTTP_429", "INSEE rate limit: retry after " + wait.toSeconds() + " s", wait, null);
            }
            case 401 -> throw new SireneUnavailable("HTTP_401", "INSEE refused the API key (401): check PASSERELLE_INSEE_API_KEY");
            default -> throw new SireneUnavailable("HTTP_" + status, "INSEE answered " + status);
        }
    }

    private HttpResponse<byte[]> send(String siret) {
        calls.incrementAndGet();
        long start = System.nanoTime();
        String path = "/siret/" + siret;
        try {
            HttpRequest request = HttpRequest.newBuilder(URI.create(settings.baseUrl().toString() + path))
                    .timeout(settings.timeout())
                    .header(KEY_HEADER, settings.apiKey())
                    .header("Accept", "application/json")
                    .GET()
                    .build();
            HttpResponse<byte[]> response = http.send(request, HttpResponse.BodyHandlers.ofByteArray());
            tap.exchanged("GET", path, new byte[0], response.statusCode(), response.body());
            return response;
        } catch (HttpTimeoutException e) {
            tap.exchanged("GET", path, new byte[0], 0, new byte[0]);
            throw new SireneUnavailable("TIMEOUT", "INSEE did not answer within " + settings.timeout(), null, e);
        } catch (IOException e) {
            throw new SireneUnavailable("NETWORK", "INSEE unreachable: " + e.getClass().getSimpleName(), null, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SireneUnavailable("INTERRUPTED", "interrupted", null, e);
        } finally {
            latency.accept(Duration.ofNanos(System.nanoTime() - start));
        }
    }

    /** PARTNERS §4.6: the state is {@code periodesEtablissement[0]}'s (the current period), never a top-level field. */
    private SireneAnswer found(String body) {
        JsonNode establishment;
        try {
            establishment = json.readTree(body).path("etablissement");
        } catch (IOException e) {
            throw new SireneUnavailable("MALFORMED", "INSEE answered a malformed body", null, e);
        }
        JsonNode period = establishment.path("periodesEtablissement").path(0);
        JsonNode address = establishment.path("adresseEtablissement");
        String state = text(period, "etatAdministratifEtablissement");
        String siret = text(establishment, "siret");
        if (siret == null || (!"A".equals(state) && !"F".equals(state))) {
            throw new SireneUnavailable("MALFORMED", "INSEE answer without siret or current state", null, null);
        }
        Masked masked = new Masked();
        String name = masked.value(period, "denominationUsuelleEtablissement");
        String enseigne = masked.value(period, "enseigne1Etablissement");
        if (name == null && enseigne == null) {
            name = masked.value(establishment.path("uniteLegale"), "denominationUniteLegale");
        }
        String line = EstablishmentRecord.addressLine(masked.value(address, "numeroVoieEtablissement"), masked.value(address, "indiceRepetitionEtablissement"),
                masked.value(address, "typeVoieEtablissement"), masked.value(address, "libelleVoieEtablissement"));
        String complement = masked.value(address, "complementAdresseEtablissement");
        String postalCode = masked.value(address, "codePostalEtablissement");
        String commune = masked.value(address, "libelleCommuneEtablissement");
        String inseeCode = masked.value(address, "codeCommuneEtablissement");
        String naf = masked.value(period, "activitePrincipaleEtablissement");
        String diffusion = text(establishment, "statutDiffusionEtablissement");
        // EMP-42: a masked value makes it partly diffusible, whatever the status field says
        String shown = masked.any && (diffusion == null || "O".equals(diffusion)) ? "P" : diffusion;
        return new SireneAnswer.Found(new EstablishmentRecord(siret, state, date(text(period, "dateDebut")), shown,
                establishment.path("etablissementSiege").asBoolean(false), name, enseigne, line, complement, postalCode, commune,
                inseeCode, naf, dateTime(text(establishment, "dateDernierTraitementEtablissement")), masked.any));
    }

    /** EMP-42: {@code [ND]} is stored null and remembered as a masked field. Absent and null are alike (§4.6). */
    private static final class Masked {
        boolean any;

        String value(JsonNode node, String field) {
            String value = text(node, field);
            if (MASKED.equals(value)) {
                any = true;
                return null;
            }
            return value;
        }
    }

    private static String text(JsonNode node, String field) {
        JsonNode value = node.get(field);
        return value == null || value.isNull() || value.asText().isEmpty() ? null : value.asText();
    }

    private static LocalDate date(String text) {
        try {
            return text == null ? null : LocalDate.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private static LocalDateTime dateTime(String text) {
        try {
            return text == null ? null : LocalDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return null;
        }
    }

    private String message(String body) {
        try {
            return json.readTree(body).path("header").path("message").asText("");
        } catch (IOException e) {
            return "";
        }
    }

    private static Optional<Duration> retryAfter(HttpResponse<?> response) {
        return response.headers().firstValue("Retry-After").flatMap(value -> {
            try {
                return Optional.of(Duration.ofSeconds(Long.parseLong(value.strip())));
            } catch (NumberFormatException e) {
                return Optional.empty();
            }
        });
    }
}
