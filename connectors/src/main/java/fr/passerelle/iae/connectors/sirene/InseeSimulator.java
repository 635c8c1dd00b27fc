package fr.passerelle.iae.connectors.sirene;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.sun.net.httpserver.HttpExchange;

import fr.passerelle.iae.connectors.infra.LoopbackHttpServer;

import fr.passerelle.iae.mappings.sirene.StockCsv;

/**
 * An API Sirene 3.11 stand-in (PARTNERS §4.6) on loopback: {@code GET /siret/{siret}} answered from a data file of
 * establishments in the {@code StockEtablissement} layout ({@code sirene/etablissements.csv} on the class path, the
 * contract's sample answer for {@code 44198765800016}). 404 for an unknown SIRET, 403 for a non-diffusible one
 * (status {@code N}), {@code [ND]} values as the data has them, 401 without the key; 429 and 5xx injected on
 * demand, by count or by ratio. Used by the embedded default run and by the tests.
 */
public final class InseeSimulator implements AutoCloseable {

    public static final String API_KEY = "insee-simulator-key";

    /** What the simulator answers for a SIRET its data does not hold. */
    public enum Unlisted { NOT_FOUND, ACTIVE }

    /** An injected failure: an HTTP status, with a {@code Retry-After} (seconds) when not null. */
    public record Failure(int status, Integer retryAfterSeconds) {
    }

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final Set<String> PERIOD_COLUMNS = Set.of("dateDebut", "etatAdministratifEtablissement",
            "enseigne1Etablissement", "enseigne2Etablissement", "enseigne3Etablissement", "denominationUsuelleEtablissement",
            "activitePrincipaleEtablissement", "nomenclatureActivitePrincipaleEtablissement", "caractereEmployeurEtablissement");

    private record Answer(int status, String body) {
    }

    private final LoopbackHttpServer server;
    private final Map<String, Answer> answers = new ConcurrentHashMap<>();
    private final Deque<Failure> failures = new ArrayDeque<>();
    private final Map<String, AtomicLong> requests = new ConcurrentHashMap<>();
    private volatile Failure outage;
    private volatile Unlisted unlisted = Unlisted.NOT_FOUND;

    private InseeSimulator(LoopbackHttpServer server) {
        this.server = server;
    }

    /** Starts on 127.0.0.1 at {@code port} (0: a free port), with the data file loaded. Its threads never keep the JVM alive. */
    public static InseeSimulator start(int port) {
        LoopbackHttpServer server = LoopbackHttpServer.start("insee-simulator", port, 4);
        InseeSimulator simulator = new InseeSimulator(server);
        simulator.load();
        server.handleAll(simulator::handle);
        return simulator;
    }

    public URI baseUrl() {
        return server.baseUrl();
    }

    // ---------------------------------------------------------------------------------------------- configuration

    /** Adds or replaces establishments: CSV rows under a {@code StockEtablissement} header (columns by name). */
    public InseeSimulator establishments(String csv) {
        try (StockCsv rows = new StockCsv(new java.io.ByteArrayInputStream(csv.getBytes(StandardCharsets.UTF_8)))) {
            String[] names = new String[rows.width()];
            for (int i = 0; i < names.length; i++) {
                names[i] = rows.name(i);
            }
            while (rows.next() == StockCsv.Read.RECORD) {
                put(rows, names);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return this;
    }

    /** This SIRET is unknown to SIRENE (404), whatever the data or {@link #unlisted} say. */
    public InseeSimulator unknown(String siret) {
        answers.put(siret, new Answer(404, error(404, "Aucun élément trouvé pour le siret " + siret)));
        return this;
    }

    /** What SIRETs absent from the data get: 404 (INSEE's behaviour, the default) or an active establishment. */
    public InseeSimulator unlisted(Unlisted answer) {
        this.unlisted = answer;
        return this;
    }

    /** The next requests fail with these statuses, in order. */
    public InseeSimulator failNext(Failure... next) {
        synchronized (failures) {
            failures.addAll(List.of(next));
        }
        return this;
    }

    /** Every request fails with {@code failure} until {@link #heal()}. */
    public InseeSimulator outage(Failure failure) {
        this.outage = failure;
        return this;
    }

    /** Ends outages and queued failures. */
    public InseeSimulator heal() {
        outage = null;
        synchronized (failures) {
            failures.clear();
        }
        return this;
    }

    /** Requests received for this SIRET (failed ones included). */
    public long requestsFor(String siret) {
        AtomicLong count = requests.get(siret);
        return count == null ? 0 : count.get();
    }

    @Override
    public void close() {
        server.close();
    }

    // ---------------------------------------------------------------------------------------------- HTTP

    private void handle(HttpExchange exchange) throws IOException {
        try (exchange) {
            String path = exchange.getRequestURI().getPath();
            if (!"GET".equals(exchange.getRequestMethod()) || !path.startsWith("/siret/")) {
                reply(exchange, 404, error(404, "Ressource inconnue " + path), null);
                return;
            }
            if (!API_KEY.equals(exchange.getRequestHeaders().getFirst(SireneClient.KEY_HEADER))) {
                reply(exchange, 401, error(401, "Clé d'API absente ou invalide"), null);
                return;
            }
            String siret = path.substring("/siret/".length());
            requests.computeIfAbsent(siret, s -> new AtomicLong()).incrementAndGet();
            Failure failure = nextFailure();
            if (failure != null) {
                reply(exchange, failure.status(), error(failure.status(), "Erreur simulée"),
                        failure.retryAfterSeconds() == null ? null : failure.retryAfterSeconds().toString());
                return;
            }
            if (!siret.matches("[0-9]{14}")) {
                reply(exchange, 400, error(400, "Le paramètre siret est invalide"), null);
                return;
            }
            Answer answer = answers.get(siret);
            if (answer == null) {
                answer = unlisted == Unlisted.ACTIVE ? synthetic(siret) : new Answer(404, error(404, "Aucun élément trouvé pour le siret " + siret));
            }
            reply(exchange, answer.status(), answer.body(), null);
        }
    }

    private Failure nextFailure() {
        Failure always = outage;
        if (always != null) {
            return always;
        }
        synchronized (failures) {
            Failure next = failures.pollFirst();
            if (next != null) {
                return next;
            }
        }
        return null;
    }

    // ---------------------------------------------------------------------------------------------- data

    private void load() {
        try (InputStream in = InseeSimulator.class.getResourceAsStream("/sirene/etablissements.csv")) {
            establishments(new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try (InputStream in = InseeSimulator.class.getResourceAsStream("/sirene/api_siret_44198765800016.json")) {
            answers.put("44198765800016", new Answer(200, new String(in.readAllBytes(), StandardCharsets.UTF_8)));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A data row as the API shows it: address columns in {@code adresseEtablissement}, period ones in the current period. */
    private void put(StockCsv row, String[] names) {
        ObjectNode establishment = JSON.createObjectNode();
        ObjectNode address = JSON.createObjectNode();
        ObjectNode address2 = JSON.createObjectNode();
        ObjectNode period = JSON.createObjectNode().putNull("dateFin");
        for (int i = 0; i < names.length; i++) {
            String name = names[i];
            String value = row.text(i);
            ObjectNode target = PERIOD_COLUMNS.contains(name) ? period
                    : name.endsWith("2Etablissement") ? address2
                    : isAddress(name) ? address : establishment;
            if (name.equals("etablissementSiege")) {
                target.put(name, "true".equals(value));
            } else if (name.equals("nombrePeriodesEtablissement") && value != null) {
                target.put(name, Integer.parseInt(value));
            } else {
                target.put(name, value);
            }
        }
        String siret = establishment.path("siret").asText();
        if ("N".equals(establishment.path("statutDiffusionEtablissement").asText())) {
            answers.put(siret, new Answer(403, error(403, "Établissement non diffusable (" + siret + ")")));
            return;
        }
        establishment.putObject("uniteLegale").put("etatAdministratifUniteLegale", "A")
                .put("denominationUniteLegale", period.path("denominationUsuelleEtablissement").asText(null));
        establishment.set("adresseEtablissement", address);
        establishment.set("adresse2Etablissement", address2);
        establishment.putArray("periodesEtablissement").add(period);
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("header").put("statut", 200).put("message", "OK");
        answer.set("etablissement", establishment);
        answers.put(siret, new Answer(200, answer.toString()));
    }

    private Answer synthetic(String siret) {
        ObjectNode answer = JSON.createObjectNode();
        answer.putObject("header").put("statut", 200).put("message", "OK");
        ObjectNode establishment = answer.putObject("etablissement").put("siren", siret.substring(0, 9))
                .put("nic", siret.substring(9)).put("siret", siret).put("statutDiffusionEtablissement", "O")
                .put("etablissementSiege", true);
        establishment.putObject("adresseEtablissement").put("codePostalEtablissement", "75001")
                .put("libelleCommuneEtablissement", "PARIS");
        establishment.putArray("periodesEtablissement").addObject().putNull("dateFin").put("dateDebut", "2020-01-01")
                .put("etatAdministratifEtablissement", "A").put("denominationUsuelleEtablissement", "ETABLISSEMENT " + siret);
        return new Answer(200, answer.toString());
    }

    private static boolean isAddress(String name) {
        return name.contains("Adresse") || name.contains("Voie") || name.contains("Commune") || name.contains("Postal")
                || name.contains("Cedex") || name.contains("Pays") || name.startsWith("coordonnee")
                || name.startsWith("distributionSpeciale");
    }

    private static String error(int status, String message) {
        return "{\"header\":{\"statut\":" + status + ",\"message\":\"" + message.replace("\"", "'") + "\"}}";
    }

    private static void reply(HttpExchange exchange, int status, String body, String retryAfter) throws IOException {
        if (retryAfter != null) {
            exchange.getResponseHeaders().add("Retry-After", retryAfter);
        }
        byte[] bytes = body.getBytes(StandardCharsets.UTF_8);
        exchange.getResponseHeaders().add("Content-Type", "application/json;charset=utf-8");
        exchange.sendResponseHeaders(status, bytes.length);
        try (OutputStream out = exchange.getResponseBody()) {
            out.write(bytes);
        }
    }
}
