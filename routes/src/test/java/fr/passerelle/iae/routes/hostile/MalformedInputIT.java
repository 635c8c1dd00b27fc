package fr.passerelle.iae.routes.hostile;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.TreeMap;
import java.util.UUID;
import java.util.function.Function;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.apache.kafka.clients.consumer.KafkaConsumer;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.apache.kafka.common.serialization.StringDeserializer;
import org.awaitility.Awaitility;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.ChildHub;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * Malformed and hostile input at every entrance of the packaged hub, run as a child process under {@code -Xmx512m}:
 * REST bodies, headers, path and query parameters, Kafka keys, values and headers, and files in every drop box
 * (agréments, conventionnement, SIRENE stock, ASP returns).
 * Each case must get a named rule (in the answer, the reply or the journal), and over the whole run: no answer 5xx, no
 * OutOfMemoryError, the hub still serving, nothing applied from a refused unit. Prints a line per entrance and
 * {@code N passed, N failed}.
 */
class MalformedInputIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static ChildHub hub;
    private static String key;
    private static Properties endpoints;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** One case: where it came in, what it was, whether it got what it must, and why not. */
    record Outcome(String entrance, String name, boolean passed, String detail) {
    }

    @BeforeAll
    static void start() throws Exception {
        hub = ChildHub.start(List.of("-Xmx512m"), List.of("--passerelle.francetravail.agrements.poll-ms=300",
                "--passerelle.asp-simulator.enabled=false", "--passerelle.conventions.poll-delay-ms=500",
                "--passerelle.sirene.stock.poll-delay-ms=500", "--passerelle.asp.returns-cron=*/5 * * * * *",
                "--passerelle.asp.returns.poll-ms=1000"));
        key = hub.apiKey();
        endpoints = hub.endpoints();
    }

    @AfterAll
    static void stop() {
        if (hub != null) {
            hub.close();
        }
    }

    @Test
    void every_entrance_refuses_malformed_input_with_a_named_rule_and_the_hub_keeps_serving() throws Exception {
        // the demo delivery dropped at the first start is applied before the registry is counted
        Awaitility.await().atMost(Duration.ofMinutes(2)).until(() -> send(HttpRequest.newBuilder(
                hub.uri("/api/v1/ops/exchanges?partner=ASP")).header("Authorization", "Bearer " + key).GET()).body().contains("\"DONE\""));
        Map<String, Long> before = registry();
        List<Outcome> outcomes = new ArrayList<>();

        outcomes.addAll(restBodies());
        outcomes.addAll(headers());
        outcomes.addAll(paths());
        outcomes.addAll(kafka());
        List<DropCase> files = new ArrayList<>();
        files.addAll(agrementFiles());
        files.addAll(conventionFiles());
        files.addAll(sireneFiles());
        files.addAll(aspReturnFiles());
        outcomes.addAll(dropped(files));

        // over the whole run
        outcomes.add(new Outcome("hub", "still serving", send(HttpRequest.newBuilder(hub.uri("/actuator/health/readiness")).GET())
                .statusCode() == 200 && hub.alive(), "readiness"));
        outcomes.add(new Outcome("hub", "no OutOfMemoryError", !hub.output().contains("OutOfMemoryError"), "hub output"));
        Map<String, Long> after = registry();
        outcomes.add(new Outcome("hub", "nothing applied from a refused unit", before.equals(after), before + " → " + after));

        Map<String, long[]> byEntrance = new TreeMap<>();
        for (Outcome o : outcomes) {
            byEntrance.computeIfAbsent(o.entrance(), e -> new long[2])[o.passed() ? 0 : 1]++;
            if (!o.passed()) {
                System.out.println("FAILED " + o.entrance() + " — " + o.name() + ": " + o.detail());
            }
        }
        byEntrance.forEach((entrance, n) -> System.out.println("malformed-input " + entrance + ": " + n[0] + " passed, " + n[1]
                + " failed"));
        long failed = outcomes.stream().filter(o -> !o.passed()).count();
        System.out.println((outcomes.size() - failed) + " passed, " + failed + " failed");
        assertThat(outcomes).hasSizeGreaterThanOrEqualTo(200);
        assertThat(outcomes).filteredOn(o -> !o.passed()).isEmpty();
    }

    // ---------------------------------------------------------------------------------------------------------------
    // REST

    private static String today() {
        return LocalDate.now(ZoneId.of("Europe/Paris")).toString();
    }

    private static Map<String, Object> validHire() {
        return PassFixtures.newHire(LocalDate.now(ZoneId.of("Europe/Paris")));
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    /** The valid hire with one value of the person, the employer or the hire replaced. */
    @SuppressWarnings("unchecked")
    private static String with(String path, Object value) {
        Map<String, Object> hire = JSON.convertValue(validHire(), LinkedHashMap.class);
        String[] parts = path.split("\\.");
        Map<String, Object> at = hire;
        for (int i = 0; i < parts.length - 1; i++) {
            at = (Map<String, Object>) at.get(parts[i]);
        }
        at.put(parts[parts.length - 1], value);
        return json(hire);
    }

    private HttpResponse<String> send(HttpRequest.Builder request) {
        try {
            return http.send(request.timeout(Duration.ofSeconds(30)).build(), HttpResponse.BodyHandlers.ofString());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }

    private HttpResponse<String> post(String path, byte[] body, Map<String, String> headers) {
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path)).POST(HttpRequest.BodyPublishers.ofByteArray(body));
        headers.forEach(request::header);
        return send(request);
    }

    private static Map<String, String> standardHeaders() {
        Map<String, String> headers = new LinkedHashMap<>();
        headers.put("Authorization", "Bearer " + key);
        headers.put("Content-Type", "application/json");
        headers.put("Idempotency-Key", "mal-" + UUID.randomUUID());
        return headers;
    }

    /** A status and a body, however they came. */
    record Answer(int status, String body) {
    }

    /** A request line sent as written, for paths no URI class would let through. */
    private static Answer raw(String method, String path) {
        try (java.net.Socket socket = new java.net.Socket("127.0.0.1", hub.port())) {
            socket.setSoTimeout(30_000);
            socket.getOutputStream().write((method + " " + path + " HTTP/1.1\r\nHost: 127.0.0.1\r\nAuthorization: Bearer " + key
                    + "\r\nConnection: close\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1));
            String response = new String(socket.getInputStream().readAllBytes(), StandardCharsets.ISO_8859_1);
            int status = response.startsWith("HTTP/1.1 ") ? Integer.parseInt(response.substring(9, 12)) : 0;
            int body = response.indexOf("\r\n\r\n");
            String content = body < 0 ? "" : new String(response.substring(body + 4).getBytes(StandardCharsets.ISO_8859_1),
                    StandardCharsets.UTF_8);
            if (response.contains("Transfer-Encoding: chunked") && content.contains("\r\n")) {
                content = content.substring(content.indexOf("\r\n") + 2);
            }
            return new Answer(status, content);
        } catch (java.io.IOException e) {
            return new Answer(0, e.toString());
        }
    }

    private static Outcome refused(String entrance, String name, HttpResponse<String> answer) {
        return refused(entrance, name, new Answer(answer.statusCode(), answer.body()));
    }

    /** A refusal as API.md writes it: 4xx, a code and a rule. */
    private static Outcome refused(String entrance, String name, Answer answer) {
        int status = answer.status();
        String rule = null;
        String code = null;
        try {
            JsonNode body = JSON.readTree(answer.body());
            code = body.path("code").asText(null);
            rule = body.path("details").path("rule").asText(null);
        } catch (Exception e) {
            // not JSON: no rule
        }
        boolean passed = status >= 400 && status < 500 && code != null && rule != null && !rule.isBlank();
        return new Outcome(entrance, name, passed, status + " " + code + " " + rule + " " + abbreviate(answer.body()));
    }

    private static String abbreviate(String text) {
        return text == null ? "" : text.length() > 200 ? text.substring(0, 200) + "…" : text;
    }

    private List<Outcome> restBodies() {
        Map<String, byte[]> bodies = new LinkedHashMap<>();
        String valid = json(validHire());
        byte[] validBytes = valid.getBytes(StandardCharsets.UTF_8);
        bodies.put("empty", new byte[0]);
        bodies.put("blank", "   ".getBytes(StandardCharsets.UTF_8));
        for (String text : List.of("{", "}", "[]", "null", "0", "\"x\"", "true", "{}x", "{}{}", "/* c */ {}", "{'person': 1}",
                "{\"person\": NaN}", "{\"a\": 1e99999}", "{\"person\": {}, \"person\": {}}", "[".repeat(10_000), "{\"a\":".repeat(5_000),
                "\u0000", "{\"person\": \"\u0000\"}", "{\"person\": {\"nir\": \"\\ud800\"}}", "{\"\\u0000\": 1}")) {
            bodies.put("syntax " + abbreviate(text).substring(0, Math.min(20, abbreviate(text).length())), text.getBytes(StandardCharsets.UTF_8));
        }
        for (int cut : new int[] {1, 7, 30, 60, 120, 200, valid.length() / 2, valid.length() - 1}) {
            bodies.put("truncated at " + cut, java.util.Arrays.copyOf(validBytes, Math.min(cut, validBytes.length - 1)));
        }
        bodies.put("UTF-16", valid.getBytes(StandardCharsets.UTF_16));
        bodies.put("invalid UTF-8", concat(valid.substring(0, 40).getBytes(StandardCharsets.UTF_8), new byte[] {(byte) 0xC3, 0x28},
                valid.substring(40).getBytes(StandardCharsets.UTF_8)));
        bodies.put("binary", randomBytes(4096));
        bodies.put("65 KB of spaces around", (" ".repeat(65 * 1024) + valid).getBytes(StandardCharsets.UTF_8));
        bodies.put("unknown field", with("person.shoeSize", 42).getBytes(StandardCharsets.UTF_8));
        Object[][] values = {
                {"person.nir", "12345"}, {"person.nir", "29004352380512X"}, {"person.nir", "2.90.04.35.238.051.28"},
                {"person.nir", 290043523805128L}, {"person.nir", List.of()}, {"person.nir", "٢٩٠٠٤٣٥٢٣٨٠٥١٢٨"},
                {"person.birthDate", "2020-02-30"}, {"person.birthDate", "9999-12-31"}, {"person.birthDate", "-0001-01-01"},
                {"person.birthDate", "15/04/1990"}, {"person.birthDate", 19900415}, {"person.birthDate", ""},
                {"person.title", "X"}, {"person.title", 1}, {"person.lastName", ""}, {"person.lastName", null},
                {"person.lastName", "x".repeat(50_000)}, {"person.lastName", 42}, {"person.firstName", Map.of("a", 1)},
                {"person.franceTravailId", "123456A8"}, {"person.franceTravailId", "1234567É"},
                {"employer.siret", "73282932000075"}, {"employer.siret", "7328293200007"}, {"employer.siret", "ABCDEFGHIJKLMN"},
                {"employer.siret", null}, {"employer.kind", "XYZ"}, {"employer.kind", ""}, {"employer.kind", "GEIQ"},
                {"hiringStartDate", "demain"}, {"hiringStartDate", "2020-01-01"}, {"hiringStartDate", "2999-01-01"},
                {"hiringStartDate", null}, {"eligibility.author", "ROBOT"}, {"eligibility.criteria", List.of("NOPE")},
                {"eligibility.criteria", "RSA"}, {"eligibility.diagnosedOn", "hier"}, {"eligibility", "oui"},
                {"origin.sender", "ALIEN"}, {"origin.prescriberAuthorized", "yes"}, {"origin", null},
                {"person", null}, {"person", "nir"}, {"employer", List.of(1, 2)}};
        for (Object[] value : values) {
            bodies.put(value[0] + " = " + abbreviate(String.valueOf(value[1])).substring(0, Math.min(30, String.valueOf(value[1]).length())),
                    with((String) value[0], value[1]).getBytes(StandardCharsets.UTF_8));
        }
        List<Outcome> outcomes = new ArrayList<>();
        bodies.forEach((name, body) -> outcomes.add(refused("REST body", "POST /passes " + name,
                post("/api/v1/passes", body, standardHeaders()))));
        // the other mutating endpoints, each with a few broken bodies
        for (String path : List.of("/api/v1/hires", "/api/v1/passes/search", "/api/v1/passes/999990000001/suspensions",
                "/api/v1/passes/999990000001/prolongations", "/api/v1/passes/999990000001/cancellation")) {
            for (String body : List.of("{", "[]", "{\"nir\": 12}", "\"\\u0000\"")) {
                outcomes.add(refused("REST body", "POST " + path + " " + body, post(path, body.getBytes(StandardCharsets.UTF_8),
                        standardHeaders())));
            }
        }
        return outcomes;
    }

    private List<Outcome> headers() {
        byte[] body = json(validHire()).getBytes(StandardCharsets.UTF_8);
        List<Outcome> outcomes = new ArrayList<>();
        Map<String, Function<Map<String, String>, Map<String, String>>> variants = new LinkedHashMap<>();
        variants.put("no Authorization", h -> without(h, "Authorization"));
        variants.put("Authorization: Bearer", h -> put(h, "Authorization", "Bearer"));
        variants.put("Authorization: Basic", h -> put(h, "Authorization", "Basic ZGVtbzpkZW1v"));
        variants.put("unknown key", h -> put(h, "Authorization", "Bearer piae_unknown"));
        variants.put("key of 8 KB", h -> put(h, "Authorization", "Bearer " + "k".repeat(8000)));
        variants.put("key in lower case scheme with spaces", h -> put(h, "Authorization", "bearer    " + key + "x"));
        variants.put("no Content-Type", h -> without(h, "Content-Type"));
        variants.put("Content-Type text/plain", h -> put(h, "Content-Type", "text/plain"));
        variants.put("Content-Type multipart", h -> put(h, "Content-Type", "multipart/form-data; boundary=x"));
        variants.put("Content-Type application/xml", h -> put(h, "Content-Type", "application/xml"));
        variants.put("no Idempotency-Key", h -> without(h, "Idempotency-Key"));
        variants.put("Idempotency-Key of 101 characters", h -> put(h, "Idempotency-Key", "k".repeat(101)));
        variants.put("Idempotency-Key with spaces", h -> put(h, "Idempotency-Key", "a b"));
        variants.put("Idempotency-Key with a tab", h -> put(h, "Idempotency-Key", "a\tb"));
        variants.put("Idempotency-Key of 4 KB", h -> put(h, "Idempotency-Key", "k".repeat(4000)));
        variants.put("X-Correlation-Id of 4 KB", h -> put(without(h, "Idempotency-Key"), "X-Correlation-Id", "c".repeat(4000)));
        variants.put("X-Correlation-Id with HTML", h -> put(without(h, "Authorization"), "X-Correlation-Id", "<script>alert(1)</script>"));
        variants.put("a body of 64 KB + 1", h -> put(h, "X-Declared", "1"));
        for (var variant : variants.entrySet()) {
            Map<String, String> headers = variant.getValue().apply(standardHeaders());
            HttpResponse<String> answer;
            if (headers.containsKey("X-Declared")) {
                answer = rawPost("/api/v1/passes", key);
            } else {
                answer = post("/api/v1/passes", body, headers);
            }
            outcomes.add(refused("REST header", variant.getKey(), answer));
        }
        return outcomes;
    }

    /** A POST declaring 1 GB and sending 64 KB + 1: refused without reading it. */
    private HttpResponse<String> rawPost(String path, String apiKey) {
        byte[] declared = new byte[64 * 1024 + 1];
        HttpRequest.Builder request = HttpRequest.newBuilder(hub.uri(path))
                .header("Authorization", "Bearer " + apiKey).header("Content-Type", "application/json")
                .header("Idempotency-Key", "mal-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofByteArray(declared));
        return send(request);
    }

    private static Map<String, String> put(Map<String, String> headers, String name, String value) {
        headers.put(name, value);
        return headers;
    }

    private static Map<String, String> without(Map<String, String> headers, String name) {
        headers.remove(name);
        return headers;
    }

    private List<Outcome> paths() {
        List<Outcome> outcomes = new ArrayList<>();
        List<String> hostile = List.of("%ZZ", "%00", "..%2F..%2Fetc%2Fpasswd", "x".repeat(3000), "%3Cscript%3E", "'%20OR%201=1%20--",
                "%F0%9F%98%80", "%C3%28", "%25", "99999%2000%2000001%20extra", "-1", "%20");
        for (String value : hostile) {
            for (String template : List.of("/api/v1/passes/%s", "/api/v1/employers/%s", "/api/v1/fiches-salarie/%s",
                    "/api/v1/ops/exchanges/%s/rejects")) {
                String path = template.formatted(value);
                outcomes.add(refused("REST path", path.length() > 80 ? path.substring(0, 80) + "…" : path, raw("GET", path)));
            }
        }
        for (String query : List.of("limit=abc", "limit=-1", "limit=0", "limit=99999999999999999999", "limit=1001", "direction=SIDEWAYS",
                "direction=%00")) {
            outcomes.add(refused("REST query", "GET /ops/exchanges?" + query, raw("GET", "/api/v1/ops/exchanges?" + query)));
        }
        for (String query : List.of("status=EATEN", "limit=x")) {
            outcomes.add(refused("REST query", "GET /ops/dead-letters?" + query, raw("GET", "/api/v1/ops/dead-letters?" + query)));
        }
        return outcomes;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Kafka

    private List<Outcome> kafka() throws Exception {
        String brokers = endpoints.getProperty("passerelle.kafka.brokers");
        Map<String, byte[]> values = new LinkedHashMap<>();
        values.put("empty", new byte[0]);
        values.put("binary", randomBytes(2048));
        values.put("1 MB of garbage", randomBytes(900_000));
        for (String text : List.of("{", "[]", "null", "\"x\"", "{}{}", "{\"person\": NaN}", "[".repeat(10_000),
                "{\"person\": {\"nir\": \"\\ud800\"}}", "\u0000")) {
            values.put("syntax " + text.substring(0, Math.min(12, text.length())), text.getBytes(StandardCharsets.UTF_8));
        }
        for (Object[] value : new Object[][] {{"person.nir", "12345"}, {"employer.siret", "73282932000075"},
                {"employer.kind", "XYZ"}, {"hiringStartDate", "2020-01-01"}, {"person.birthDate", "2020-02-30"},
                {"eligibility.criteria", List.of("NOPE")}, {"person.lastName", ""}, {"unknown", 1}}) {
            values.put(value[0] + " = " + value[1], with((String) value[0], value[1]).getBytes(StandardCharsets.UTF_8));
        }
        values.put("UTF-16", json(validHire()).getBytes(StandardCharsets.UTF_16));

        List<Outcome> outcomes = new ArrayList<>();
        Map<String, String> commandKeys = new LinkedHashMap<>();
        Map<String, String> hireKeys = new LinkedHashMap<>();
        Map<String, Object> producerConfig = Map.of("bootstrap.servers", brokers, "key.serializer", ByteArraySerializer.class.getName(),
                "value.serializer", ByteArraySerializer.class.getName(), "max.request.size", 2_000_000);
        try (KafkaProducer<byte[], byte[]> producer = new KafkaProducer<>(producerConfig)) {
            for (var value : values.entrySet()) {
                String commandKey = "mal-" + UUID.randomUUID();
                String hireKey = "mal-" + UUID.randomUUID();
                commandKeys.put(commandKey, value.getKey());
                hireKeys.put(hireKey, value.getKey());
                producer.send(new ProducerRecord<>("iae.pass.commands.v1", commandKey.getBytes(StandardCharsets.UTF_8), value.getValue()))
                        .get();
                producer.send(new ProducerRecord<>("iae.hires.v1", hireKey.getBytes(StandardCharsets.UTF_8), value.getValue())).get();
            }
            // keys and headers: a valid body under a key that is no idempotency key, or with hostile headers
            byte[] valid = json(validHire()).getBytes(StandardCharsets.UTF_8);
            Map<String, byte[]> keys = new LinkedHashMap<>();
            keys.put("no key", null);
            keys.put("empty key", new byte[0]);
            keys.put("key of 101 characters", "k".repeat(101).getBytes(StandardCharsets.UTF_8));
            keys.put("key of 10 KB", "k".repeat(10_000).getBytes(StandardCharsets.UTF_8));
            for (var k : keys.entrySet()) {
                String correlation = "mal-" + UUID.randomUUID();
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("iae.pass.commands.v1", k.getValue(), valid);
                record.headers().add("correlationId", correlation.getBytes(StandardCharsets.UTF_8));
                producer.send(record).get();
                commandKeys.put("corr:" + correlation, k.getKey());
            }
            for (String header : List.of("binary", "10 KB", "HTML")) {
                String commandKey = "mal-" + UUID.randomUUID();
                byte[] headerValue = switch (header) {
                    case "binary" -> randomBytes(64);
                    case "10 KB" -> "c".repeat(10_000).getBytes(StandardCharsets.UTF_8);
                    default -> "<script>alert(1)</script>".getBytes(StandardCharsets.UTF_8);
                };
                ProducerRecord<byte[], byte[]> record = new ProducerRecord<>("iae.pass.commands.v1",
                        commandKey.getBytes(StandardCharsets.UTF_8), "{".getBytes(StandardCharsets.UTF_8));
                record.headers().add("correlationId", headerValue);
                producer.send(record).get();
                commandKeys.put(commandKey, "correlationId header " + header);
            }
        }

        // pass commands: each gets a reply naming its rule, found by its key (or, keyless, by its correlation id)
        Map<String, ConsumerRecord<String, String>> replies = new LinkedHashMap<>();
        Map<String, Object> consumerConfig = Map.of("bootstrap.servers", brokers, "group.id", "malformed-" + UUID.randomUUID(),
                "auto.offset.reset", "earliest", "key.deserializer", StringDeserializer.class.getName(),
                "value.deserializer", StringDeserializer.class.getName());
        try (KafkaConsumer<String, String> consumer = new KafkaConsumer<>(consumerConfig)) {
            consumer.subscribe(List.of("iae.pass.replies.v1"));
            long deadline = System.nanoTime() + Duration.ofSeconds(90).toNanos();
            while (replies.size() < commandKeys.size() && System.nanoTime() < deadline) {
                for (ConsumerRecord<String, String> reply : consumer.poll(Duration.ofMillis(500))) {
                    var correlation = reply.headers().lastHeader("correlationId");
                    String corr = correlation == null ? "" : "corr:" + new String(correlation.value(), StandardCharsets.UTF_8);
                    if (reply.key() != null && commandKeys.containsKey(reply.key())) {
                        replies.put(reply.key(), reply);
                    } else if (commandKeys.containsKey(corr)) {
                        replies.put(corr, reply);
                    }
                }
            }
        }
        for (var command : commandKeys.entrySet()) {
            ConsumerRecord<String, String> reply = replies.get(command.getKey());
            if (reply == null) {
                outcomes.add(new Outcome("Kafka pass command", command.getValue(), false, "no reply"));
                continue;
            }
            var status = reply.headers().lastHeader("status");
            int code = status == null ? 0 : Integer.parseInt(new String(status.value(), StandardCharsets.UTF_8));
            JsonNode body = JSON.readTree(reply.value());
            boolean passed = code >= 400 && code < 500 && !body.path("details").path("rule").asText("").isBlank();
            outcomes.add(new Outcome("Kafka pass command", command.getValue(), passed, code + " " + abbreviate(reply.value())));
        }
        // hires: refused with the rule in the log line of their key (no reply topic: API.md)
        answeredWithin(Duration.ofSeconds(90), () -> hireKeys.keySet().stream()
                .allMatch(k -> hub.output().contains("hires: message " + k + " ")));
        String output = hub.output();
        for (var hire : hireKeys.entrySet()) {
            String line = output.lines().filter(l -> l.contains("hires: message " + hire.getKey() + " ")).findFirst().orElse("");
            boolean passed = line.contains("refused (4") && line.contains("\\\"rule\\\":\\\"");
            outcomes.add(new Outcome("Kafka hire", hire.getValue(), passed, abbreviate(line)));
        }
        return outcomes;
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Files: every drop box

    /** Files dropped together as one unit, journalled under {@code journalName}. */
    record DropCase(String entrance, String folder, String partner, String label, String journalName, Map<String, byte[]> files) {
    }

    private static byte[] utf8(String text) {
        return text.getBytes(StandardCharsets.UTF_8);
    }

    private static String uniqueName(String prefix, String extension) {
        return prefix + UUID.randomUUID().toString().substring(0, 8) + extension;
    }

    private List<DropCase> agrementFiles() throws Exception {
        String header = "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;NUM_AGR_DEC;DATE_DEB;"
                + "DATE_FIN;DATE_NAISS_BENE";
        String row = "35021;7654321B;MARTIN;LUCIE;LEROY;350211900042;2019-07-01;2021-06-30;14/03/88";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("header missing columns", utf8("CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE\n" + row + "\n"));
        files.put("comma separated", utf8(header.replace(';', ',') + "\n" + row.replace(';', ',') + "\n"));
        files.put("binary", randomBytes(20_000));
        files.put("UTF-16 with BOM", (header + "\n" + row + "\n").getBytes(StandardCharsets.UTF_16));
        files.put("CR-only line ends, a date no format reads", utf8(header + "\r" + row.replace("2019-07-01", "01.07.2019") + "\r"));
        files.put("BOM, a number of 11 digits", utf8("\uFEFF" + header + "\n" + row.replace("350211900042", "35021190004") + "\n"));
        files.put("a row of three fields", utf8(header + "\n35021;7654321B;MARTIN\n"));
        files.put("a quote never closed", utf8(header + "\n" + row.replace("MARTIN", "\"MARTIN") + "\n"));
        files.put("a root with the issuer prefix", utf8(header + "\n" + row.replace("350211900042", "999991900042") + "\n"));
        files.put("HTML in the names", utf8(header + "\n" + row.replace("MARTIN", "<script>x</script>").replace("2019-07-01", "x") + "\n"));
        files.put("an endless field", concat(utf8(header + "\n35021;"), "9".repeat(64 * 1024 * 1024).getBytes(StandardCharsets.US_ASCII)));
        files.put("NUL bytes in the header", utf8(header.replace("NUM_AGR_DEC", "NUM\u0000AGR") + "\n" + row + "\n"));
        files.put("not a workbook.xlsx", randomBytes(5000));
        files.put("an XLSX bomb: a sheet inflating 1,000 times.xlsx", zip(Map.of("[Content_Types].xml", utf8("<Types/>"),
                "xl/worksheets/sheet1.xml", utf8("<worksheet><sheetData>" + "<row/>".repeat(12 << 20) + "</sheetData></worksheet>"))));
        files.put("a huge XLSX: 60,000 rows, none valid.xlsx", hugeWorkbook(header, 60_000));
        files.put("truncated workbook.xlsx", java.util.Arrays.copyOf(zip(Map.of("xl/workbook.xml", utf8("<workbook>".repeat(100)))), 300));
        List<DropCase> cases = new ArrayList<>();
        for (var file : files.entrySet()) {
            String name = uniqueName("agrements_ft_mal_", file.getKey().endsWith(".xlsx") ? ".xlsx" : ".csv");
            cases.add(new DropCase("agréments file", "francetravail/agrements", "france-travail", file.getKey(), name,
                    Map.of(name, file.getValue())));
        }
        return cases;
    }

    /** fluxIAE deliveries (PARTNERS §2): the demo's two views, broken one way or another. */
    private List<DropCase> conventionFiles() throws Exception {
        String stamp = "01012025_000000";
        String structure = demoView("fluxIAE_Structure.csv", stamp);
        String annex = demoView("fluxIAE_AnnexeFinanciere.csv", stamp);
        String structureName = "fluxIAE_Structure_" + stamp + ".csv";
        String annexName = "fluxIAE_AnnexeFinanciere_" + stamp + ".csv";
        String annexBody = annex.substring(0, annex.indexOf("\nFIN") + 1);
        String annexRow = annexBody.lines().skip(2).findFirst().orElseThrow() + "\n";
        Map<String, Map<String, byte[]>> archives = new LinkedHashMap<>();
        archives.put("not a ZIP", Map.of("", randomBytes(7001)));
        archives.put("a ZIP cut short", Map.of("", java.util.Arrays.copyOf(zip(Map.of(structureName, utf8(structure),
                annexName, utf8(annex))), 400)));
        archives.put("only one view", Map.of(structureName, utf8(structure)));
        archives.put("no view at all", Map.of("readme.txt", utf8("rien")));
        archives.put("a view twice", Map.of(structureName, utf8(structure), "fluxIAE_Structure_" + stamp + ".csv.gz", gzip(utf8(structure)),
                annexName, utf8(annex)));
        Map<String, byte[]> many = new LinkedHashMap<>();
        for (int i = 0; i < 1_001; i++) {
            many.put("x/" + i + ".txt", utf8("x"));
        }
        archives.put("1,001 entries", many);
        archives.put("two entries of the same name", Map.of("", sameName(zip(Map.of(structureName, utf8(structure),
                structureName.replace(".csv", ".csX"), utf8(structure.replace("ATELIER", "AUTRE")), annexName, utf8(annex))))));
        StringBuilder rows = new StringBuilder(annexBody);
        while (rows.length() < 100 << 20) {
            rows.append(annexRow.repeat(10_000));
        }
        archives.put("a gzip bomb of valid rows (100 MiB)", Map.of(structureName, utf8(structure), annexName + ".gz", gzip(utf8(rows.toString()))));
        rows.setLength(0);
        archives.put("a line with no end", Map.of(structureName, concat(utf8(structure.substring(0, structure.indexOf('\n') + 1)),
                "z".repeat(3 << 20).getBytes(StandardCharsets.US_ASCII)), annexName, utf8(annex)));
        byte[] annexGz = gzip(utf8(annex.replace("FIN1", annexRow.repeat(2000) + "FIN2001")));
        archives.put("a gzip view cut short", Map.of(structureName, utf8(structure), annexName + ".gz",
                java.util.Arrays.copyOf(annexGz, annexGz.length / 2)));
        archives.put("a required column missing", Map.of(structureName, utf8(structure.replace("structure_siret_actualise", "siret")),
                annexName, utf8(annex)));
        archives.put("a row with a column too many", Map.of(structureName, utf8(structure), annexName,
                utf8(annex.replace("177152.00", "177152.00|extra"))));
        archives.put("FIN counts a row too many", Map.of(structureName, utf8(structure), annexName, utf8(annex.replace("FIN1", "FIN2"))));
        archives.put("no FIN line, cut mid-row", Map.of(structureName, utf8(structure), annexName,
                utf8(annexBody + annexRow.substring(0, 20))));
        archives.put("a line after FIN", Map.of(structureName, utf8(structure), annexName, utf8(annex + annexRow)));
        archives.put("UTF-16 views", Map.of(structureName, structure.getBytes(StandardCharsets.UTF_16), annexName,
                annex.getBytes(StandardCharsets.UTF_16)));
        archives.put("CR-only line ends and a DEB of the other view", Map.of(structureName, utf8(structure.replace('\n', '\r')
                .replace("DEBStructure", "DEBAnnexeFinanciere")), annexName, utf8(annex)));
        archives.put("BOM and a header with NUL bytes", Map.of(structureName, utf8("\uFEFF" + structure.replace("structure_id_siae",
                "structure_\u0000id_siae")), annexName, utf8(annex)));
        archives.put("a view in an AES ZIP, and no password configured", Map.of(structureName + ".gz", aesZip(structureName, structure),
                annexName, utf8(annex)));
        archives.put("binary views", Map.of(structureName, randomBytes(9001), annexName, randomBytes(9002)));
        List<DropCase> cases = new ArrayList<>();
        for (var archive : archives.entrySet()) {
            String name = uniqueName("fluxIAE_mal_", ".zip");
            byte[] bytes = archive.getValue().containsKey("") ? archive.getValue().get("") : zip(archive.getValue());
            cases.add(new DropCase("conventions file", "conventions", "ASP", archive.getKey(), name, Map.of(name, bytes)));
        }
        // two loose views, the annex gzipped and broken
        String looseStamp = "02012025_000000";
        String looseStructure = "fluxIAE_Structure_" + looseStamp + ".csv";
        String looseAnnex = "fluxIAE_AnnexeFinanciere_" + looseStamp + ".csv.gz";
        Map<String, byte[]> loose = new LinkedHashMap<>();
        loose.put(looseAnnex, java.util.Arrays.copyOf(annexGz, annexGz.length / 3));
        loose.put(looseStructure, utf8(structure.replace(stamp, looseStamp)));
        cases.add(new DropCase("conventions file", "conventions", "ASP", "two loose views, the gzip annex cut short",
                looseStructure + " + " + looseAnnex, loose));
        // a hostile name: refused by its content, kept as given in the journal
        String hostile = "fluxIAE_x\" onmouseover=\"alert(1)\" a=\"" + UUID.randomUUID().toString().substring(0, 6) + ".zip";
        cases.add(new DropCase("conventions file", "conventions", "ASP", "a hostile file name", hostile, Map.of(hostile, randomBytes(7003))));
        return cases;
    }

    /** A real workbook of {@code rows} agréments rows whose agrément number is not one (PARTNERS §3.2), streamed by POI. */
    private static byte[] hugeWorkbook(String header, int rows) throws Exception {
        try (org.apache.poi.xssf.streaming.SXSSFWorkbook book = new org.apache.poi.xssf.streaming.SXSSFWorkbook(100)) {
            var sheet = book.createSheet();
            String[] names = header.split(";");
            var first = sheet.createRow(0);
            for (int c = 0; c < names.length; c++) {
                first.createCell(c).setCellValue(names[c]);
            }
            for (int r = 1; r <= rows; r++) {
                var row = sheet.createRow(r);
                String[] values = {"35021", "ID" + r, "NOM" + r, "PRENOM", "NAISS", "pas-un-numero-" + r, "2019-07-01", "2021-06-30",
                        "14/03/88"};
                for (int c = 0; c < values.length; c++) {
                    row.createCell(c).setCellValue(values[c]);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            book.write(out);
            book.dispose();
            return out.toByteArray();
        }
    }

    private static String demoView(String resource, String stamp) throws Exception {
        try (var in = MalformedInputIT.class.getResourceAsStream("/demo/" + resource)) {
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("{{stamp}}", stamp)
                    .replace("{{modified}}", "02/01/2025").replace("{{start}}", "01/01/2025").replace("{{end}}", "31/12/2025");
        }
    }

    /** SIRENE stock files (PARTNERS §4.1), plain or zipped. */
    private List<DropCase> sireneFiles() throws Exception {
        String header = sireneHeader();
        int width = header.split(",", -1).length;
        String row = "123456789,00012,12345678900012" + ",".repeat(width - 3);
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty.csv", new byte[0]);
        files.put("binary.csv", randomBytes(11_000));
        files.put("a header without the SIRET columns.csv", utf8("a,b,c\n1,2,3\n"));
        files.put("a quote never closed (20 MiB).csv", concat(utf8(header + "\n\"" ), "q".repeat(20 << 20).getBytes(StandardCharsets.US_ASCII)));
        files.put("a row of two fields.csv", utf8(header + "\n1,2\n"));
        files.put("UTF-16.csv", (header + "\n" + row + "\n").getBytes(StandardCharsets.UTF_16));
        files.put("a ZIP with no CSV.zip", zip(Map.of("readme.txt", utf8("rien"))));
        files.put("a ZIP cut short.zip", java.util.Arrays.copyOf(zip(Map.of("StockEtablissement_utf8.csv", utf8(header + "\n" + row.repeat(50_000)))),
                2000));
        StringBuilder bomb = new StringBuilder(header).append('\n');
        String rowLine = row + "\n";
        while (bomb.length() < 100 << 20) {
            bomb.append(rowLine.repeat(10_000));
        }
        files.put("a ZIP bomb of rows (100 MiB).zip", zip(Map.of("StockEtablissement_utf8.csv", utf8(bomb.toString()))));
        bomb.setLength(0);
        List<DropCase> cases = new ArrayList<>();
        for (var file : files.entrySet()) {
            String name = uniqueName("StockEtablissement_mal_", file.getKey().endsWith(".zip") ? ".zip" : ".csv");
            cases.add(new DropCase("SIRENE stock file", "sirene", "INSEE", file.getKey(), name, Map.of(name, file.getValue())));
        }
        return cases;
    }

    private static String sireneHeader() throws Exception {
        try (var in = MalformedInputIT.class.getResourceAsStream("/sirene/etablissements.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            return text.substring(0, text.indexOf('\n'));
        }
    }

    /** ASP return files in {@code asp/retrait/} (PARTNERS §1.7), under names of uploads the hub never made. */
    private List<DropCase> aspReturnFiles() {
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("not JSON", utf8("<xml>not json</xml>"));
        files.put("JSON nested 100,000 deep", utf8("[".repeat(100_000)));
        files.put("binary", randomBytes(13_000));
        files.put("over 16 MiB", concat(utf8("{\"lignesTelechargement\":[\""), "x".repeat(17 << 20).getBytes(StandardCharsets.US_ASCII)));
        files.put("a well-formed answer to an unknown upload", utf8("{\"lignesTelechargement\":[{\"numLigne\":1,\"codeTraitement\":\"0000\"}]}"));
        List<DropCase> cases = new ArrayList<>();
        long stamp = 20_990_101_000_000L + new java.util.Random().nextInt(100_000) * 100L;
        for (var file : files.entrySet()) {
            String name = "RIAE_FS_" + (stamp++) + "_FichierRetour.json";
            cases.add(new DropCase("ASP return file", "asp/retrait", "ASP", file.getKey(), name, Map.of(name, file.getValue())));
        }
        return cases;
    }

    /**
     * Drops every case's files (written aside, then moved in under their name, as an SFTP client that renames does),
     * waits for each unit's journal entry, and judges it: refused whole with its rule first in the error, or read with
     * each bad row rejected and nothing applied.
     */
    private List<Outcome> dropped(List<DropCase> cases) throws Exception {
        for (DropCase unit : cases) {
            Path box = hub.var().resolve("sftp").resolve(unit.folder());
            Files.createDirectories(box);
            for (var file : unit.files().entrySet()) {
                Path hidden = box.resolve(".tmp-" + UUID.randomUUID());
                Files.write(hidden, file.getValue());
                Files.move(hidden, box.resolve(file.getKey()), StandardCopyOption.ATOMIC_MOVE);
            }
        }
        answeredWithin(Duration.ofMinutes(8), () -> cases.stream().allMatch(unit -> journalled(unit) != null));
        List<Outcome> outcomes = new ArrayList<>();
        for (DropCase unit : cases) {
            JsonNode entry = journalled(unit);
            if (entry == null) {
                outcomes.add(new Outcome(unit.entrance(), unit.label(), false, "never journalled as finished"));
                continue;
            }
            String status = entry.path("status").asText();
            String error = entry.path("error").asText("");
            boolean refusedWhole = "REFUSED".equals(status) && error.matches("^[A-Z]+-[0-9.]+ .*");
            boolean rowsRejected = "DONE".equals(status) && entry.path("counts").path("rejected").asInt() > 0
                    && entry.path("counts").path("applied").asInt() == 0;
            outcomes.add(new Outcome(unit.entrance(), unit.label(), refusedWhole || rowsRejected,
                    status + " " + entry.path("counts") + " " + abbreviate(error)));
        }
        return outcomes;
    }

    private JsonNode journalled(DropCase unit) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(hub.uri("/api/v1/ops/exchanges?partner=" + unit.partner() + "&limit=1000"))
                .header("Authorization", "Bearer " + key).GET());
        JsonNode entries;
        try {
            entries = JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode entry : entries) {
            if (entry.path("name").asText().equals(unit.journalName()) && !"PROCESSING".equals(entry.path("status").asText())
                    && !"RECEIVED".equals(entry.path("status").asText())) {
                return entry;
            }
        }
        return null;
    }

    /** Waits for every case to be answered; those that are not are reported as failed cases, not as an error. */
    private static void answeredWithin(Duration limit, java.util.concurrent.Callable<Boolean> all) {
        try {
            Awaitility.await().atMost(limit).pollInterval(Duration.ofMillis(500)).until(all);
        } catch (org.awaitility.core.ConditionTimeoutException e) {
            // each unanswered case fails below, with its name
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /** What the registry holds: nothing of it may change from refused input. */
    private static Map<String, Long> registry() throws Exception {
        Map<String, Long> counts = new LinkedHashMap<>();
        try (Connection db = DriverManager.getConnection(endpoints.getProperty("spring.datasource.url"),
                endpoints.getProperty("spring.datasource.username"), endpoints.getProperty("spring.datasource.password"))) {
            for (String table : List.of("person", "pass", "hire", "diagnosis", "ft_agrement", "fiche_salarie", "employer",
                    "convention", "sirene_succession")) {
                try (ResultSet rs = db.createStatement().executeQuery("SELECT count(*) FROM " + table)) {
                    rs.next();
                    counts.put(table, rs.getLong(1));
                }
            }
        }
        return counts;
    }

    private static byte[] randomBytes(int size) {
        byte[] bytes = new byte[size];
        new java.util.Random(size).nextBytes(bytes);
        return bytes;
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] part : parts) {
            out.writeBytes(part);
        }
        return out.toByteArray();
    }

    /** ZipOutputStream refuses two entries of one name: rename the {@code .csX} entry in place (no checksum covers names). */
    private static byte[] sameName(byte[] zip) {
        byte[] from = ".csX".getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i + from.length <= zip.length; i++) {
            if (java.util.Arrays.equals(zip, i, i + from.length, from, 0, from.length)) {
                zip[i + 3] = 'v';
            }
        }
        return zip;
    }

    private static byte[] aesZip(String name, String content) throws Exception {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        net.lingala.zip4j.model.ZipParameters parameters = new net.lingala.zip4j.model.ZipParameters();
        parameters.setEncryptFiles(true);
        parameters.setEncryptionMethod(net.lingala.zip4j.model.enums.EncryptionMethod.AES);
        parameters.setFileNameInZip(name);
        try (var zip = new net.lingala.zip4j.io.outputstream.ZipOutputStream(bytes, "a-secret-the-hub-lacks".toCharArray())) {
            zip.putNextEntry(parameters);
            zip.write(utf8(content));
            zip.closeEntry();
        }
        return bytes.toByteArray();
    }

    private static byte[] gzip(byte[] content) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream gzip = new java.util.zip.GZIPOutputStream(out)) {
            gzip.write(content);
        }
        return out.toByteArray();
    }

    private static byte[] zip(Map<String, byte[]> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue());
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
