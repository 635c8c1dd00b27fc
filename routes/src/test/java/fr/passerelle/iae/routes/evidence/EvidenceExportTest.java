package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.EvidenceCipher;
import fr.passerelle.iae.registry.evidence.EvidenceLeaf;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.evidence.MerkleTree;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The auditor's export of a PASS verifies outside the hub, in fresh processes with only the unzipped ZIP: each command
 * of its README is run as written (sha256sum, openssl ts, openssl pkeyutl, the Java verifier it carries), and a changed
 * byte is named.
 */
class EvidenceExportTest extends HubTestSupport {

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private EvidenceStore store;
    @Autowired
    private EvidenceVerification verification;
    @Autowired
    private EvidenceCipher cipher;
    @Value("${passerelle.evidence.store}")
    private Path storeRoot;

    @TempDir
    Path unzipped;

    record Run(int status, String output) {
    }

    @Test
    void the_export_of_a_PASS_verifies_with_standard_tools_and_its_own_verifier_and_names_a_changed_byte() throws Exception {
        // units before and after it: the PASS's leaf is inside a tree of several, its proof a real path
        for (int i = 0; i < 3; i++) {
            unit();
        }
        String request = toJson(PassFixtures.newHire(today()));
        Answer issued = post("/api/v1/passes", fullKey(), UUID.randomUUID().toString(), request);
        assertThat(issued.status()).isEqualTo(201);
        String number = issued.body().get("number").asText();
        // its two leaves: the request with its answer, and the event the relay published
        List<Long> positions = await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT p.position FROM evidence_leaf_pass lp JOIN evidence_position p ON p.leaf_id = lp.leaf_id
                        WHERE lp.pass_number = ? ORDER BY p.position""").param(number).query(Long.class).list(), found -> found.size() >= 2);
        long position = positions.get(0);
        awaitTimestamped(unit());

        HttpResponse<byte[]> export = export("pass=" + number.substring(0, 5) + "%20" + number.substring(5, 7) + "%20"
                + number.substring(7), keyWith("audit:read"));
        assertThat(export.statusCode()).isEqualTo(200);
        assertThat(export.headers().firstValue("Content-Type")).hasValueSatisfying(type -> assertThat(type).startsWith("application/zip"));
        unzip(export.body());

        String sha256 = Sha256.of(request.getBytes(StandardCharsets.UTF_8));
        assertThat(Files.readString(unzipped.resolve("files/" + sha256))).as("the request as it came").isEqualTo(request);
        JsonNode leaf = json.readTree(Files.readAllBytes(unzipped.resolve(String.format("leaves/%012d.json", position))));
        assertThat(leaf.get("pass").get(0).asText()).isEqualTo(number);

        List<String> commands = readmeCommands();
        assertThat(commands).hasSize(4);
        List<Run> runs = new ArrayList<>();
        for (String command : commands) {
            runs.add(run(command));
        }
        assertThat(runs).allSatisfy(run -> assertThat(run.status()).as(run.output()).isZero());
        assertThat(runs.get(0).output()).contains("files/" + sha256 + ": OK");
        assertThat(runs.get(1).output()).contains("Verification: OK");
        assertThat(runs.get(2).output()).contains("Signature Verified Successfully");
        long exported;
        try (var listed = Files.list(unzipped.resolve("leaves"))) {
            exported = listed.count();
        }
        assertThat(exported).isGreaterThanOrEqualTo(2);
        assertThat(runs.get(3).output()).contains("OK: " + exported + " leaves included in the signed checkpoint");

        Path file = unzipped.resolve("files/" + sha256);
        byte[] bytes = Files.readAllBytes(file);
        bytes[bytes.length / 2] ^= 1;
        Files.write(file, bytes);
        Run changed = run(commands.get(3));
        assertThat(changed.status()).isEqualTo(1);
        assertThat(changed.output()).contains(String.format("FAULT leaf %012d: files/%s does not hash to it", position, sha256));
        assertThat(run(commands.get(0)).status()).isNotZero();
    }

    @Test
    void a_file_past_its_retention_is_removed_its_leaf_stays_and_the_export_names_it_removed_and_still_verifies() throws Exception {
        // HubTestSupport keeps the files of retention-test for no time at all
        String sha256 = keptFile("retention-test", 30);
        Path object = storeRoot.resolve(sha256.substring(0, 2)).resolve(sha256.substring(2, 4)).resolve(sha256);
        assertThat(object).exists();
        UUID unit = journal.open("sirene-stock", "retention-test", ExchangeJournal.Direction.IN, "StockEtablissement_retention.zip",
                sha256, 30, null).orElseThrow();
        awaitTimestamped(unit);

        // the timer may have purged it already: either way it is gone, and its removal recorded
        store.purgeExpired(1000);
        assertThat(object).doesNotExist();
        assertThat(jdbc.sql("SELECT count(*) FROM evidence_purge WHERE sha256 = ?").param(sha256).query(Long.class).single()).isOne();
        assertThat(verification.run().problems()).isEmpty();

        HttpResponse<byte[]> export = export("exchange=" + unit, keyWith("audit:read"));
        assertThat(export.statusCode()).isEqualTo(200);
        unzip(export.body());
        assertThat(unzipped.resolve("files/" + sha256)).doesNotExist();
        assertThat(Files.readString(unzipped.resolve("PURGED"))).startsWith(sha256 + "  ");
        assertThat(Files.readString(unzipped.resolve("README.md"))).contains("1 files named by these leaves were removed at the end of their retention");
        Run verified = run(readmeCommands().get(3));
        assertThat(verified.status()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("OK: 1 leaves included", "(1 removed at the end of their retention: PURGED)");

        // a removal recorded before the end of the retention is no purge: the verifier names it
        String young = keptFile("INSEE", 10);
        jdbc.sql("INSERT INTO evidence_purge (sha256, purged_at) VALUES (?, now())").param(young).update();
        try {
            assertThat(verification.run().problems()).anyMatch(p -> p.startsWith("file " + young + ": recorded as removed at ")
                    && p.contains("before the end of its retention"));
        } finally {
            JdbcClient superuser = databaseSuperuser();
            superuser.sql("ALTER TABLE evidence_purge DISABLE TRIGGER evidence_purge_insert_only").update();
            try {
                superuser.sql("DELETE FROM evidence_purge WHERE sha256 = ?").param(young).update();
            } finally {
                superuser.sql("ALTER TABLE evidence_purge ENABLE TRIGGER evidence_purge_insert_only").update();
            }
        }
        assertThat(verification.run().problems()).isEmpty();
    }

    @Test
    void a_request_leaf_written_before_V26_keeps_its_bytes_in_evidence_body_and_still_verifies_and_exports() throws Exception {
        // as the hub wrote a request's leaf until V26: its request and answer sealed in rows of evidence_body
        String number = "V25" + String.format("%09d", Math.abs(UUID.randomUUID().getLeastSignificantBits() % 1_000_000_000L));
        byte[] request = ("{\"passNumber\":\"" + number + "\",\"reason\":\"" + UUID.randomUUID() + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] answer = ("{\"number\":\"" + number + "\"}").getBytes(StandardCharsets.UTF_8);
        byte[] leaf = new EvidenceLeaf(EvidenceLeaf.Unit.REQUEST, null, "pass-api", "plateforme", "IN", "rest",
                Map.of("method", "POST", "path", "/api/v1/passes/" + number + "/suspensions"), null, Sha256.of(request), request.length,
                Instant.now(), List.of(number), new EvidenceLeaf.Answer(201, Sha256.of(answer), answer.length), null).bytes();
        jdbc.sql("""
                WITH bodies AS (
                    INSERT INTO evidence_body (sha256, key_id, sealed) VALUES (?, ?, ?), (?, ?, ?)),
                written AS (
                    INSERT INTO evidence_leaf (body, leaf_hash, sha256, answer_sha256) VALUES (?, ?, ?, ?) RETURNING id)
                INSERT INTO evidence_leaf_pass (pass_number, leaf_id) SELECT ?, id FROM written""")
                .params(Sha256.of(request), cipher.keyId(), cipher.seal(request), Sha256.of(answer), cipher.keyId(), cipher.seal(answer),
                        leaf, MerkleTree.leafHash(leaf), Sha256.of(request), Sha256.of(answer), number)
                .update();
        awaitTimestamped(unit());
        assertThat(verification.run().problems()).isEmpty();

        HttpResponse<byte[]> export = export("pass=" + number, keyWith("audit:read"));
        assertThat(export.statusCode()).isEqualTo(200);
        unzip(export.body());
        assertThat(Files.readAllBytes(unzipped.resolve("files/" + Sha256.of(request)))).isEqualTo(request);
        assertThat(Files.readAllBytes(unzipped.resolve("files/" + Sha256.of(answer)))).isEqualTo(answer);
        Run verified = run(readmeCommands().get(3));
        assertThat(verified.status()).as(verified.output()).isZero();
        assertThat(verified.output()).contains("OK: 1 leaves included");
    }

    @Test
    void an_export_needs_audit_read_and_exactly_one_valid_criterion() throws Exception {
        String auditor = keyWith("audit:read");
        assertThat(export("pass=999990000001", keyWith("ops:read", "pass:read")).statusCode()).isEqualTo(403);
        assertThat(export("pass=999990000001", null).statusCode()).isEqualTo(401);
        HttpResponse<byte[]> both = export("pass=999990000001&exchange=" + UUID.randomUUID(), auditor);
        assertThat(both.statusCode()).isEqualTo(400);
        assertThat(json.readTree(both.body()).get("code").asText()).isEqualTo("INVALID_INPUT");
        assertThat(json.readTree(export("pass=12345", auditor).body()).get("field").asText()).isEqualTo("pass");
        assertThat(json.readTree(export("from=2026-12-05&to=2026-12-04", auditor).body()).get("field").asText()).isEqualTo("to");
        assertThat(json.readTree(export("from=yesterday&to=2026-12-04", auditor).body()).get("field").asText()).isEqualTo("from");
        HttpResponse<byte[]> none = export("exchange=" + UUID.randomUUID(), auditor);
        assertThat(none.statusCode()).isEqualTo(404);
        assertThat(json.readTree(none.body()).get("code").asText()).isEqualTo("NOT_FOUND");
    }

    /** Until a timestamped checkpoint covers the unit's leaf: what the export is anchored on. */
    private void awaitTimestamped(UUID unit) {
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                SELECT coalesce(max(checkpoint_size), 0) > (SELECT p.position FROM evidence_leaf l JOIN evidence_position p
                                                            ON p.leaf_id = l.id WHERE l.exchange_id = ?)
                FROM evidence_timestamp""").param(unit).query(Boolean.class).optional().orElse(false));
    }

    private UUID unit() {
        return journal.open("sirene-stock", "INSEE", ExchangeJournal.Direction.IN, "StockEtablissement_" + UUID.randomUUID() + ".zip",
                keptFile("INSEE", 20), 20, null).orElseThrow();
    }

    private HttpResponse<byte[]> export(String query, String key) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create("http://localhost:" + port + "/api/v1/evidence?" + query)).GET();
        if (key != null) {
            request.header("Authorization", "Bearer " + key);
        }
        return http.send(request.build(), HttpResponse.BodyHandlers.ofByteArray());
    }

    private void unzip(byte[] zip) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(zip))) {
            for (ZipEntry entry; (entry = in.getNextEntry()) != null; ) {
                Path target = unzipped.resolve(entry.getName()).normalize();
                assertThat(target.startsWith(unzipped)).as(entry.getName()).isTrue();
                Files.createDirectories(target.getParent());
                Files.write(target, in.readAllBytes());
            }
        }
    }

    /** The README's commands, as an auditor would copy them: its indented lines, a trailing backslash joining the next. */
    private List<String> readmeCommands() throws IOException {
        List<String> commands = new ArrayList<>();
        StringBuilder command = new StringBuilder();
        for (String line : Files.readAllLines(unzipped.resolve("README.md"))) {
            if (!line.startsWith("       ") || line.isBlank()) {
                continue;
            }
            String text = line.strip();
            if (text.endsWith("\\")) {
                command.append(text, 0, text.length() - 1).append(' ');
            } else {
                commands.add(command.append(text).toString());
                command.setLength(0);
            }
        }
        return commands;
    }

    /** A fresh process in the unzipped export, its java the one running this test. */
    private Run run(String command) throws Exception {
        String java = ProcessHandle.current().info().command().orElse("java");
        Process process = new ProcessBuilder("bash", "-c", command.replaceFirst("^java ", java + " "))
                .directory(unzipped.toFile()).redirectErrorStream(true).start();
        String output = new String(process.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(process.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(process.exitValue(), output);
    }
}
