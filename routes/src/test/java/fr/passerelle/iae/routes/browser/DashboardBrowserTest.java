package fr.passerelle.iae.routes.browser;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Assumptions;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.registry.deadletter.DeadLetters;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.KafkaTopics;
import fr.passerelle.iae.routes.ops.Flow;
import fr.passerelle.iae.routes.pass.PassFixtures;

/**
 * The supervision page in a real headless Chromium against the running hub: an operator enters the key, sees a
 * card per flow, runs one and sees its run end, opens the rejects of a journal entry and replays a dead letter. The
 * screenshot stays in {@code target/dashboard.png}. {@code .ci/run} installs Debian's chromium when it is missing.
 */
class DashboardBrowserTest extends HubTestSupport {

    @Autowired
    List<Flow> flows;
    @Autowired
    ExchangeJournal journal;
    @Autowired
    DeadLetters letters;

    @Test
    void an_operator_sees_every_flow_opens_rejects_and_replays_a_dead_letter() throws Exception {
        Path chromium = HeadlessChromium.binary();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium; .ci/run does it)");
        String fileName = "fluxIAE_Structure_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        UUID exchange = journal.open("conventions", "ASP", ExchangeJournal.Direction.IN, fileName,
                keptFile("ASP", 1234), 1234, null).orElseThrow();
        journal.reject(exchange, 7L, new Rejection("EMP-01", "INVALID_SIRET", "structure_siret_actualise",
                "SIRET invalide (clé de Luhn)."), "4419876580001*");
        journal.close(exchange, ExchangeJournal.Status.DONE, new ExchangeJournal.Counts(10, 9, 0, 1), null);
        String agrements = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        UUID agrementsExchange = journal.open("ft-agrements", "france-travail", ExchangeJournal.Direction.IN, agrements,
                keptFile("france-travail", 321), 321, null).orElseThrow();
        journal.close(agrementsExchange, ExchangeJournal.Status.DONE, new ExchangeJournal.Counts(4, 2, 2, 0),
                new java.util.LinkedHashMap<>(Map.of("linked", 1L, "unlinked", 1L, "merged", 1L, "skipped", 1L)), null);
        String idempotencyKey = "browser-" + UUID.randomUUID();
        UUID letter = letters.record("pass-commands", "kafka:iae.pass.commands.v1",
                Map.of("key", idempotencyKey, "correlationId", "corr-" + idempotencyKey),
                toJson(PassFixtures.newHire(today())).getBytes(StandardCharsets.UTF_8), "registry unreachable (simulated)");
        String key = keyWith("ops:read", "ops:write");

        try (HeadlessChromium browser = new HeadlessChromium(chromium, Path.of("target", "tmp"))) {
            browser.navigate("http://127.0.0.1:" + port + "/");
            waitFor(browser, "document.readyState === 'complete' && !document.getElementById('login').hidden");
            browser.eval("document.getElementById('key').value = " + js(key) + ";"
                    + "document.querySelector('#login button[type=submit]').click(); true");

            for (Flow flow : flows) {
                waitFor(browser, "document.querySelector('#flows .card[data-flow=\"" + flow.id() + "\"] h3') !== null");
            }
            assertThat(browser.eval("document.querySelectorAll('#flows .card').length").asInt()).isEqualTo(flows.size());
            assertThat(browser.eval("document.querySelectorAll('#flows .card .chart svg').length").asInt()).isEqualTo(flows.size());
            assertThat(browser.eval("sessionStorage.getItem('passerelle.apiKey')").asText()).isEqualTo(key);
            assertThat(browser.eval("document.getElementById('flows').innerText").asText()).as("facts shown as text")
                    .contains("Traités").doesNotContain("[object");

            // a run on demand goes in the background: its card shows it going, then how it ended
            browser.eval("document.querySelector('[data-run=\"event-relay\"]').click(); true");
            waitFor(browser, "(document.querySelector('#flows .card[data-flow=\"event-relay\"] .run') || {innerText: ''})"
                    + ".innerText.includes('rejetés')");
            assertThat(browser.eval("document.querySelector('#flows .card[data-flow=\"event-relay\"]').innerText").asText())
                    .contains("Dernier run").contains("traités");

            // what became of each row of an agréments file, beside its state
            waitFor(browser, "document.getElementById('exchanges').innerText.includes(" + js(agrements) + ")");
            assertThat(browser.eval("[...document.querySelectorAll('#exchanges tr')].find(r => r.innerText.includes("
                    + js(agrements) + ")).innerText").asText())
                    .contains("rattachés à leur PASS : 1").contains("en attente de la personne : 1").contains("fusionnés : 1");
            assertThat(browser.eval("document.querySelectorAll('#overlaps tbody tr').length").asInt()).isPositive();

            waitFor(browser, "document.querySelector('[data-rejects=\"" + exchange + "\"]') !== null");
            browser.eval("document.querySelector('[data-rejects=\"" + exchange + "\"]').click(); true");
            waitFor(browser, "!document.getElementById('rejects').hidden");
            assertThat(browser.eval("document.getElementById('rejects').innerText").asText())
                    .contains(fileName).contains("EMP-01").contains("structure_siret_actualise");

            waitFor(browser, "document.querySelector('[data-replay=\"" + letter + "\"]') !== null");
            browser.eval("document.querySelector('[data-replay=\"" + letter + "\"]').click(); true");
            waitFor(browser, "(document.querySelector('tr[data-letter=\"" + letter + "\"]') || {innerText: ''}).innerText.includes('Rejouée')");
            browser.eval("document.getElementById('rejects').scrollIntoView(); true");
            browser.screenshot(Path.of("target", "dashboard.png"));
        }

        assertThat(letters.find(letter).orElseThrow().status()).isEqualTo(DeadLetters.Status.REPLAYED);
        assertThat(KafkaTopics.await("iae.pass.replies.v1", r -> idempotencyKey.equals(r.key()), 1, Duration.ofSeconds(60)))
                .hasSize(1);
        assertThat(Files.size(Path.of("target", "dashboard.png"))).isGreaterThan(10_000);
    }

    /**
     * File names come from partners: one with HTML and an attribute breakout, dropped in the agréments drop box (whose
     * name pattern lets it in) and journalled by the flow, and the same kind of names, errors and keys as the other
     * flows would journal them. The page shows them as text, builds no element from them, and runs nothing.
     */
    @Test
    void a_hostile_file_name_in_a_drop_box_is_shown_as_text_and_runs_nothing() throws Exception {
        Path chromium = HeadlessChromium.binary();
        Assumptions.assumeTrue(chromium != null, "Chromium is not installed (apt-get install chromium; .ci/run does it)");
        String tag = UUID.randomUUID().toString().substring(0, 8);
        String agrements = "agrements_ft_" + tag + "\" onmouseover=\"window.__pwned='attr'\" a=\"<img src=x onerror=window.__pwned='img'>.csv";
        Path box = TestInfrastructure.get().sftp().root().resolve("francetravail/agrements");
        Files.createDirectories(box);
        Path hidden = box.resolve(".tmp-" + tag);
        Files.writeString(hidden, "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE\n35021;1234567A\n");
        Files.move(hidden, box.resolve(agrements), java.nio.file.StandardCopyOption.ATOMIC_MOVE);
        for (String flow : List.of("conventions", "sirene-stock", "asp-returns")) {
            UUID id = journal.open(flow, "test", ExchangeJournal.Direction.IN, "x_" + tag + "'><svg onload=window.__pwned='" + flow
                    + "'><script>window.__pwned='script'</script>.csv", keptFile("test", 1), 1, "corr\" onmouseover=\"window.__pwned='title'").orElseThrow();
            journal.reject(id, 2L, new Rejection("EMP-01", "INVALID_SIRET", "siret", "<b>bold</b>"), "=1+1");
            journal.close(id, ExchangeJournal.Status.REFUSED, new ExchangeJournal.Counts(1, 0, 0, 1),
                    "<img src=x onerror=window.__pwned='error'>");
        }
        letters.record("pass-commands", "kafka:iae.pass.commands.v1", Map.of("key", "<img src=x onerror=window.__pwned='key'>"),
                new byte[0], "<iframe src=javascript:window.__pwned='letter'>");
        String key = keyWith("ops:read", "ops:write");

        Answer page = get("/", null);
        assertThat(page.headers().firstValue("Content-Security-Policy").orElseThrow()).contains("script-src 'self'")
                .contains("frame-ancestors 'none'");
        assertThat(page.headers().firstValue("X-Content-Type-Options")).contains("nosniff");
        try (HeadlessChromium browser = new HeadlessChromium(chromium, Path.of("target", "tmp"))) {
            browser.navigate("http://127.0.0.1:" + port + "/");
            waitFor(browser, "document.readyState === 'complete' && !document.getElementById('login').hidden");
            browser.eval("document.getElementById('key').value = " + js(key) + ";"
                    + "document.querySelector('#login button[type=submit]').click(); true");
            waitFor(browser, "document.getElementById('exchanges').innerText.includes(" + js(agrements) + ")");
            for (String flow : List.of("conventions", "sirene-stock", "asp-returns")) {
                waitFor(browser, "document.getElementById('exchanges').innerText.includes(" + js("window.__pwned='" + flow) + ")");
            }
            browser.eval("document.querySelectorAll('#exchanges [data-rejects]')[0].click(); true");
            waitFor(browser, "!document.getElementById('rejects').hidden");
            // what an operator's mouse would do over each value (no click: the page's buttons run flows)
            browser.eval("document.querySelectorAll('main *').forEach(e => ['mouseover', 'mouseenter', 'focus'].forEach(t => "
                    + "e.dispatchEvent(new Event(t, {bubbles: false})))); true");

            assertThat(browser.eval("typeof window.__pwned").asText()).isEqualTo("undefined");
            assertThat(browser.eval("document.querySelectorAll('main img, main script, main iframe, main b, "
                    + "main [onmouseover], main [onerror], main [onload]').length").asInt()).isZero();
            assertThat(browser.eval("document.getElementById('dead-letters').innerText").asText())
                    .contains("<img src=x onerror=window.__pwned='key'>");
        }
    }

    private static void waitFor(HeadlessChromium browser, String condition) {
        Awaitility.await(condition).atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200))
                .until(() -> browser.eval("Boolean(" + condition + ")").asBoolean());
    }

    private static String js(String value) {
        return "'" + value.replace("\\", "\\\\").replace("'", "\\'") + "'";
    }
}
