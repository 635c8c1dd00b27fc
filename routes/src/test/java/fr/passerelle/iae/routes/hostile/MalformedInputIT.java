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
 * REST bodies, headers, path and query parameters, Kafka keys, values and headers, and files in the agréments drop box.
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
                "--passerelle.asp-simulator.enabled=false"));
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
        Map<String, Long> before = registry();
        List<Outcome> outcomes = new ArrayList<>();

        outcomes.addAll(restBodies());
        outcomes.addAll(headers());
        outcomes.addAll(paths());
        outcomes.addAll(kafka());
        outcomes.addAll(agrementFiles());

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
    // Files: the agréments drop box

    private List<Outcome> agrementFiles() throws Exception {
        String header = "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;NUM_AGR_DEC;DATE_DEB;"
                + "DATE_FIN;DATE_NAISS_BENE";
        String row = "35021;7654321B;MARTIN;LUCIE;LEROY;350211900042;2019-07-01;2021-06-30;14/03/88";
        Map<String, byte[]> files = new LinkedHashMap<>();
        files.put("empty", new byte[0]);
        files.put("header missing columns", ("CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE\n" + row + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("comma separated", (header.replace(';', ',') + "\n" + row.replace(';', ',') + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("binary", randomBytes(20_000));
        files.put("UTF-16 with BOM", (header + "\n" + row + "\n").getBytes(StandardCharsets.UTF_16));
        files.put("CR-only line ends, a date no format reads", (header + "\r" + row.replace("2019-07-01", "01.07.2019") + "\r")
                .getBytes(StandardCharsets.UTF_8));
        files.put("BOM, a number of 11 digits", ("\uFEFF" + header + "\n" + row.replace("350211900042", "35021190004") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("a row of three fields", (header + "\n35021;7654321B;MARTIN\n").getBytes(StandardCharsets.UTF_8));
        files.put("a quote never closed", (header + "\n" + row.replace("MARTIN", "\"MARTIN") + "\n").getBytes(StandardCharsets.UTF_8));
        files.put("a root with the issuer prefix", (header + "\n" + row.replace("350211900042", "999991900042") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("HTML in the names", (header + "\n" + row.replace("MARTIN", "<script>x</script>").replace("2019-07-01", "x") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("an endless field", concat((header + "\n35021;").getBytes(StandardCharsets.UTF_8), "9".repeat(64 * 1024 * 1024)
                .getBytes(StandardCharsets.US_ASCII)));
        files.put("NUL bytes in the header", (header.replace("NUM_AGR_DEC", "NUM\u0000AGR") + "\n" + row + "\n")
                .getBytes(StandardCharsets.UTF_8));
        files.put("not a workbook.xlsx", randomBytes(5000));
        files.put("truncated workbook.xlsx", java.util.Arrays.copyOf(zip(Map.of("xl/workbook.xml", "<workbook>".repeat(100))), 300));
        List<Outcome> outcomes = new ArrayList<>();
        Path box = hub.var().resolve("sftp/francetravail/agrements");
        Map<String, String> names = new LinkedHashMap<>();
        int n = 0;
        for (var file : files.entrySet()) {
            String extension = file.getKey().endsWith(".xlsx") ? ".xlsx" : ".csv";
            String name = "agrements_ft_mal" + (n++) + "_" + UUID.randomUUID().toString().substring(0, 6) + extension;
            Path hidden = box.resolve(".tmp-" + name);
            Files.write(hidden, file.getValue());
            Files.move(hidden, box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
            names.put(name, file.getKey());
        }
        answeredWithin(Duration.ofMinutes(3), () -> names.keySet().stream().allMatch(name -> journalled(name) != null));
        for (var name : names.entrySet()) {
            JsonNode entry = journalled(name.getKey());
            if (entry == null) {
                outcomes.add(new Outcome("agréments file", name.getValue(), false, "never journalled as finished"));
                continue;
            }
            String status = entry.path("status").asText();
            String error = entry.path("error").asText("");
            // refused whole with its rule, or read with each bad row rejected (naming its rule) and nothing applied
            boolean refusedWhole = "REFUSED".equals(status) && error.matches("^[A-Z]+-[0-9.]+ .*");
            boolean rowsRejected = "DONE".equals(status) && entry.path("counts").path("rejected").asInt() > 0
                    && entry.path("counts").path("applied").asInt() == 0;
            outcomes.add(new Outcome("agréments file", name.getValue(), refusedWhole || rowsRejected,
                    status + " " + entry.path("counts") + " " + abbreviate(error)));
        }
        return outcomes;
    }

    private JsonNode journalled(String name) {
        HttpResponse<String> answer = send(HttpRequest.newBuilder(hub.uri("/api/v1/ops/exchanges?partner=france-travail&limit=1000"))
                .header("Authorization", "Bearer " + key).GET());
        JsonNode entries;
        try {
            entries = JSON.readTree(answer.body());
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
        for (JsonNode entry : entries) {
            if (entry.path("name").asText().equals(name) && !"PROCESSING".equals(entry.path("status").asText())
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
            for (String table : List.of("person", "pass", "hire", "diagnosis", "ft_agrement", "fiche_salarie")) {
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

    private static byte[] zip(Map<String, String> entries) throws Exception {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out)) {
            for (var entry : entries.entrySet()) {
                zip.putNextEntry(new ZipEntry(entry.getKey()));
                zip.write(entry.getValue().getBytes(StandardCharsets.UTF_8));
                zip.closeEntry();
            }
        }
        return out.toByteArray();
    }
}
