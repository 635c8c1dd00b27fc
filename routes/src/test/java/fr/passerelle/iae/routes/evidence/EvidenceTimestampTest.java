package fr.passerelle.iae.routes.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.connectors.timestamp.EmbeddedTimestampAuthority;
import fr.passerelle.iae.connectors.timestamp.TimestampClient;
import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;

import io.micrometer.core.instrument.MeterRegistry;

/**
 * The evidence checkpoints timestamped by the embedded RFC 3161 authority on the real database: the stored token
 * verifies with openssl as an auditor would, an outage of the authority never stops the exchanges and raises the
 * alert, and the first token after it covers everything journalled meanwhile.
 */
class EvidenceTimestampTest extends HubTestSupport {

    private static final Path OPENSSL = Path.of("/usr/bin/openssl");

    @Autowired
    private ExchangeJournal journal;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private EvidenceVerification verification;
    @Autowired
    private EmbeddedTimestampAuthority authority;
    @Autowired
    private MeterRegistry meters;

    @TempDir
    Path files;

    record Stored(long size, byte[] token, String note, String chainPem) {
    }

    @Test
    void openssl_verifies_the_stored_token_of_a_checkpoint_with_the_stored_chain() throws Exception {
        long position = awaitSealed(unit("ft-agrements", "france-travail", "agrements_ft_20261206.csv"));
        Stored stored = awaitTimestampCovering(position);
        assertThat(stored.note()).isEqualTo(jdbc.sql("SELECT note FROM evidence_checkpoint WHERE size = ?").param(stored.size())
                .query(String.class).single());
        assumeTrue(Files.isExecutable(OPENSSL), "openssl is not installed");

        List<String> chain = certificates(stored.chainPem());
        Path token = Files.write(files.resolve("token.der"), stored.token());
        Path note = Files.writeString(files.resolve("note.txt"), stored.note(), StandardCharsets.UTF_8);
        Path tsa = Files.writeString(files.resolve("tsa.pem"), chain.get(0));
        Path root = Files.writeString(files.resolve("root.pem"), chain.get(chain.size() - 1));
        Process openssl = new ProcessBuilder(OPENSSL.toString(), "ts", "-verify", "-token_in", "-in", token.toString(),
                "-data", note.toString(), "-CAfile", root.toString(), "-untrusted", tsa.toString())
                .redirectErrorStream(true).start();
        assertThat(openssl.waitFor(30, TimeUnit.SECONDS)).isTrue();
        String output = new String(openssl.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(openssl.exitValue()).as(output).isZero();
        assertThat(output).contains("Verification: OK");

        Files.writeString(note, EvidenceSealer.note(stored.size() + 1, new byte[32]));
        Process other = new ProcessBuilder(OPENSSL.toString(), "ts", "-verify", "-token_in", "-in", token.toString(),
                "-data", note.toString(), "-CAfile", root.toString(), "-untrusted", tsa.toString())
                .redirectErrorStream(true).start();
        assertThat(other.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(other.exitValue()).as("a token over another note").isNotZero();
    }

    /*
     * Production has a tick every minute (timestamp-period-ms=60000) and the alert after five minutes or five failed
     * ticks (timestamp-alert-after-ms=300000, timestamp-alert-failures=5): ten minutes down are ten failed ticks, the
     * alert from the fifth, and the first tick after stamps the latest checkpoint. HubTestSupport runs the same in
     * tenths of seconds: a tick every 0.3 s, the alert after three failed ticks or 3 s.
     */
    @Test
    void the_authority_down_the_exchanges_go_on_the_alert_is_raised_and_the_next_timestamp_covers_the_gap() {
        long before = awaitSealed(unit("conventions", "ASP", "fluxIAE_Structure_06122026.csv"));
        awaitTimestampCovering(before);
        String reader = keyWith("ops:read");
        authority.failing(true);
        try {
            List<Long> during = new ArrayList<>();
            for (int i = 0; i < 5; i++) {
                during.add(awaitSealed(unit("asp-returns", "ASP", "RIAE_FS_2026120610000" + i + ".json")));
            }
            long last = during.get(during.size() - 1);
            await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
                assertThat(meters.get("passerelle.evidence.timestamp.alert").gauge().value()).isEqualTo(1.0);
                assertThat(get("/api/v1/ops/evidence", reader).body().at("/timestamp/alert").asText())
                        .contains("answered HTTP 503");
            });
            assertThat(latestTimestampSize()).as("no token while the authority is down").isLessThanOrEqualTo(last);
        } finally {
            authority.failing(false);
        }
        long journalledDuring = jdbc.sql("SELECT max(position) FROM evidence_position").query(Long.class).single();
        Stored next = awaitTimestampCovering(journalledDuring);
        assertThat(next.size()).isGreaterThan(journalledDuring);
        await().atMost(Duration.ofSeconds(30)).untilAsserted(() -> {
            assertThat(meters.get("passerelle.evidence.timestamp.alert").gauge().value()).isZero();
            Answer view = get("/api/v1/ops/evidence", reader);
            assertThat(view.body().at("/timestamp/alert").isNull()).isTrue();
            assertThat(view.body().at("/timestamp/latest/checkpointSize").asLong()).isGreaterThanOrEqualTo(next.size());
            assertThat(view.body().at("/timestamp/latest/authority").asText()).contains("NOT QUALIFIED");
            assertThat(view.body().at("/timestamp/latest/at").isTextual()).isTrue();
        });
        assertThat(meters.get("passerelle.evidence.timestamp.age.seconds").gauge().value()).isBetween(0.0, 30.0);
    }

    @Test
    void the_verifier_names_the_checkpoint_whose_token_was_changed_behind_the_trigger() {
        Stored stored = awaitTimestampCovering(awaitSealed(unit("sirene-stock", "INSEE", "StockEtablissement_20261206.zip")));
        assertThat(verification.run().problems()).isEmpty();

        byte[] changed = stored.token().clone();
        // the last bytes are the signature's
        changed[changed.length - 2] ^= 1;
        byte[] otherNote = new TimestampClient(authority.url(), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .stamp(Sha256.bytes(EvidenceSealer.note(stored.size() + 1, new byte[32]).getBytes(StandardCharsets.UTF_8)));
        try {
            replaceToken(stored.size(), changed);
            assertThat(verification.run().problems()).anyMatch(p -> p.startsWith("checkpoint " + stored.size()
                    + ": its timestamp token does not verify with its TSA certificate"));
            replaceToken(stored.size(), otherNote);
            assertThat(verification.run().problems()).contains("checkpoint " + stored.size() + ": its timestamp token is not over its note");
        } finally {
            replaceToken(stored.size(), stored.token());
        }
        assertThat(verification.run().problems()).isEmpty();
    }

    /** What a database superuser can do: change a token, with the insert-only trigger off. */
    private void replaceToken(long size, byte[] token) {
        JdbcClient superuser = databaseSuperuser();
        superuser.sql("ALTER TABLE evidence_timestamp DISABLE TRIGGER evidence_timestamp_insert_only").update();
        try {
            superuser.sql("UPDATE evidence_timestamp SET token = ? WHERE checkpoint_size = ?").params(token, size).update();
        } finally {
            superuser.sql("ALTER TABLE evidence_timestamp ENABLE TRIGGER evidence_timestamp_insert_only").update();
        }
    }

    private UUID unit(String flow, String partner, String name) {
        return journal.open(flow, partner, ExchangeJournal.Direction.IN, name, keptFile(partner, 10), 10, null)
                .orElseThrow();
    }

    private long latestTimestampSize() {
        return jdbc.sql("SELECT coalesce(max(checkpoint_size), 0) FROM evidence_timestamp").query(Long.class).single();
    }

    /** The first stored token whose checkpoint holds the leaf at {@code position}. */
    private Stored awaitTimestampCovering(long position) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT t.checkpoint_size, t.token, c.note, ch.pem FROM evidence_timestamp t
                        JOIN evidence_checkpoint c ON c.size = t.checkpoint_size JOIN evidence_tsa_chain ch ON ch.chain_id = t.chain_id
                        WHERE t.checkpoint_size > ? ORDER BY t.checkpoint_size LIMIT 1""").param(position)
                .query((rs, n) -> new Stored(rs.getLong(1), rs.getBytes(2), rs.getString(3), rs.getString(4))).optional(),
                Optional::isPresent).orElseThrow();
    }

    private long awaitSealed(UUID exchange) {
        return await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql("""
                        SELECT p.position FROM evidence_position p JOIN evidence_leaf l ON l.id = p.leaf_id
                        WHERE l.exchange_id = ? AND p.position < (SELECT max(size) FROM evidence_checkpoint)""")
                .param(exchange).query(Long.class).optional(), Optional::isPresent).orElseThrow();
    }

    /** The PEM certificates of a chain, each with its BEGIN and END lines, in their order. */
    private static List<String> certificates(String pem) {
        List<String> certificates = new ArrayList<>();
        for (String part : pem.split("(?<=-----END CERTIFICATE-----)")) {
            if (part.contains("BEGIN CERTIFICATE")) {
                certificates.add(part.strip() + "\n");
            }
        }
        return certificates;
    }
}
