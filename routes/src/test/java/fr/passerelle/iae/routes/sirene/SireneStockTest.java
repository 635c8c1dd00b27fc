package fr.passerelle.iae.routes.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.JdbcTemplate;

import com.fasterxml.jackson.databind.JsonNode;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.registry.employer.EmployerRegistry;
import fr.passerelle.iae.registry.rules.EmployerKind;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.TestHub;

/**
 * Flow {@code sirene-stock} end to end (PARTNERS §4.1–4.3, DOMAIN EMP-40): stock files dropped on the real SFTP
 * server are reconciled with the employer registry on the real PostgreSQL.
 */
class SireneStockTest extends HubTestSupport {

    private static final Duration WAIT = Duration.ofSeconds(30);

    @Autowired
    private EmployerRegistry employers;
    @Autowired
    private JdbcTemplate jdbc;

    private Map<String, Object> exchange(String name) {
        return await().atMost(WAIT).until(() -> jdbc.queryForList("""
                SELECT id, status, received, applied, unchanged, rejected FROM exchange WHERE flow = 'sirene-stock' AND name = ?""",
                name), rows -> !rows.isEmpty() && List.of("DONE", "REFUSED").contains(rows.get(0).get("status"))).get(0);
    }

    private List<EmployerEvent> events(String siret) {
        return jdbc.queryForList("SELECT payload FROM outbox WHERE event_key = ? ORDER BY id", byte[].class, siret).stream()
                .map(bytes -> {
                    try {
                        return EmployerEvent.getDecoder().decode(bytes);
                    } catch (Exception e) {
                        throw new IllegalStateException(e);
                    }
                })
                .filter(event -> "SIRENE".equals(String.valueOf(event.getChangedBy())))
                .toList();
    }

    private boolean reviewed(String siret, String reason, String key) {
        for (JsonNode review : get("/api/v1/ops/sirene/reviews?limit=1000", key).body().path("reviews")) {
            if (review.path("siret").asText().equals(siret) && review.path("reason").asText().equals(reason)) {
                return true;
            }
        }
        return false;
    }

    @Test
    void EMP_40_a_monthly_stock_closes_moves_and_renames_employers_once_and_reports_its_bad_rows() {
        String key = fullKey();
        String sirenA = SireneFixtures.siren();
        String oldA = SireneFixtures.siret(sirenA, 1);
        String newA = SireneFixtures.siret(sirenA, 2);
        String oldB = SireneFixtures.siret();
        String takeover = SireneFixtures.siret();
        String oldC = SireneFixtures.siret();
        String siretD = SireneFixtures.siret();
        String sirenE = SireneFixtures.siren();
        String oldE = SireneFixtures.siret(sirenE, 1);
        String newE = SireneFixtures.siret(sirenE, 2);
        List<String> registered = List.of(oldA, oldB, oldC, siretD, oldE);
        registered.forEach(siret -> employers.findOrRegisterUnverified(siret, EmployerKind.ACI));
        String badSiret = oldC.substring(0, 13) + (char) ('0' + (oldC.charAt(13) - '0' + 1) % 10);
        List<String> establishments = SireneFixtures.rows(
                SireneFixtures.row(oldA, "F", "2026-09-01", "ATELIER A"),
                SireneFixtures.row(newA, "A", "2026-09-01", "ATELIER A"),
                SireneFixtures.row(oldB, "F", "2026-08-15", "ATELIER B"),
                SireneFixtures.row(SireneFixtures.siret(), "A", "2010-01-01", "\"INCONNU, DU REGISTRE\""),
                SireneFixtures.row(oldC, "F", "2026-07-31", "ATELIER C"),
                SireneFixtures.row(siretD, "A", "2020-01-01", "NOUVEAU NOM D"),
                SireneFixtures.row(oldE, "F", "2026-09-30", "ATELIER E"),
                SireneFixtures.row(SireneFixtures.siret(), "F", "2011-01-01", "INCONNU 2"),
                SireneFixtures.row(badSiret, "A", "2012-01-01", "SIRET FAUX"),
                SireneFixtures.row(SireneFixtures.siret(), "A", "2013-01-01", "TROP DE CHAMPS") + ",extra",
                SireneFixtures.row(SireneFixtures.siret(), "A", "2014-01-01", "INCONNU 3"));
        // INSEE's API said the same as the stock when the employers were registered, but D's former name
        List<String> before = new java.util.ArrayList<>(establishments.subList(0, 8));
        before.set(5, SireneFixtures.row(siretD, "A", "2020-01-01", "ANCIEN NOM D"));
        TestHub.insee().establishments(SireneFixtures.csv(SireneFixtures.HEADER, before));
        String tag = sirenA;
        for (String siret : registered) {
            await().atMost(WAIT).until(() -> get("/api/v1/employers/" + siret, key).body().at("/sirene/state").asText(),
                    state -> !state.equals("UNCHECKED"));
        }
        assertThat(get("/api/v1/employers/" + siretD, key).body().path("name").asText()).isEqualTo("ANCIEN NOM D");

        // named like data.gouv.fr's files and the contract's samples (StockEtablissementLiensSuccession_utf8_sample.csv)
        String linksName = "StockEtablissementLiensSuccession_utf8_" + tag + ".csv";
        SireneFixtures.drop(linksName, SireneFixtures.csv(SireneFixtures.SUCCESSION_HEADER, SireneFixtures.rows(
                SireneFixtures.succession(oldA, newA, "2026-09-01", true, true),
                SireneFixtures.succession(oldB, takeover, "2026-08-15", false, true),
                SireneFixtures.succession(SireneFixtures.siret(), SireneFixtures.siret(), "2026-01-01", false, true),
                SireneFixtures.succession(oldE, newE, "2026-09-30", false, false),
                SireneFixtures.succession(badSiret, newE, "2026-09-30", false, false))).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> links = exchange(linksName);
        assertThat(links).containsEntry("status", "DONE").containsEntry("received", 5).containsEntry("applied", 3)
                .containsEntry("rejected", 1);

        String stockName = "StockEtablissement_utf8_" + tag + ".zip";
        String csv = SireneFixtures.csv(SireneFixtures.HEADER, establishments);
        SireneFixtures.drop(stockName, SireneFixtures.zip("StockEtablissement_utf8.csv", csv));
        Map<String, Object> stock = exchange(stockName);
        assertThat(stock).containsEntry("status", "DONE").containsEntry("received", 11).containsEntry("applied", 6)
                .containsEntry("unchanged", 3).containsEntry("rejected", 2);

        // same SIREN, economic continuity: the employer follows its SIRET; the old one still finds it
        JsonNode a = get("/api/v1/employers/" + oldA, key).body();
        assertThat(a.path("siret").asText()).isEqualTo(newA);
        assertThat(a.path("previousSirets").toString()).contains(oldA);
        assertThat(a.path("status").asText()).isEqualTo("UNVERIFIED");
        List<EmployerEvent> moved = events(newA);
        assertThat(moved).singleElement().satisfies(event -> {
            assertThat(event.getType().name()).isEqualTo("EmployerSiretChanged");
            assertThat(String.valueOf(event.getPreviousSiret())).isEqualTo(oldA);
            assertThat(event.getEffectiveDate()).hasToString("2026-09-01");
        });
        // the new SIRET is checked with INSEE's API like any SIRET the registry starts to use (SireneVerificationRequests)
        assertThat(jdbc.queryForObject("SELECT count(*) FROM sirene_verification WHERE siret = ?", Integer.class, newA)).isEqualTo(1);

        // takeover by another company: shown, closed, left to a person
        JsonNode b = get("/api/v1/employers/" + oldB, key).body();
        assertThat(b.path("status").asText()).isEqualTo("CLOSED");
        assertThat(b.at("/successor/siret").asText()).isEqualTo(takeover);
        assertThat(b.at("/successor/date").asText()).isEqualTo("2026-08-15");
        assertThat(b.at("/sirene/state").asText()).isEqualTo("F");
        assertThat(reviewed(oldB, "OTHER_SIREN", key)).isTrue();
        assertThat(events(oldB)).singleElement().satisfies(event -> {
            assertThat(event.getType().name()).isEqualTo("EmployerClosed");
            assertThat(String.valueOf(event.getSuccessorSiret())).isEqualTo(takeover);
        });

        // closed without successor; closed with a same-company successor without continuity (review)
        JsonNode c = get("/api/v1/employers/" + oldC, key).body();
        assertThat(c.path("status").asText()).isEqualTo("CLOSED");
        assertThat(c.path("successor").isNull()).isTrue();
        assertThat(events(oldC)).extracting(event -> event.getType().name()).containsExactly("EmployerClosed");
        assertThat(get("/api/v1/employers/" + oldE, key).body().path("status").asText()).isEqualTo("CLOSED");
        assertThat(reviewed(oldE, "NO_CONTINUITY", key)).isTrue();

        // an employer ASP has not named shows SIRENE's name, now the stock's
        assertThat(get("/api/v1/employers/" + siretD, key).body().path("name").asText()).isEqualTo("NOUVEAU NOM D");

        // rejects with their line numbers (line 1 is the header)
        String rejects = get("/api/v1/ops/exchanges/" + stock.get("id") + "/rejects", key).raw();
        assertThat(rejects).contains("\n10,").contains("EMP-02").contains("\n11,").contains("SIRENE_MALFORMED_ROW");

        // the same month again (here unzipped, one more row): nothing changes, no event
        String againName = "StockEtablissement_" + tag + "again.csv";
        SireneFixtures.drop(againName, (csv + SireneFixtures.row(SireneFixtures.siret(), "A", "2015-01-01", "INCONNU 4") + "\n")
                .getBytes(StandardCharsets.UTF_8));
        Map<String, Object> again = exchange(againName);
        assertThat(again).containsEntry("status", "DONE").containsEntry("received", 12).containsEntry("applied", 0)
                .containsEntry("rejected", 2);
        assertThat(events(newA)).hasSize(1);
        assertThat(events(oldB)).hasSize(1);
        assertThat(events(oldC)).hasSize(1);
        assertThat(events(oldE)).hasSize(1);
    }

    @Test
    void PARTNERS_4_2_a_file_whose_header_lacks_required_columns_is_refused_whole() {
        String key = fullKey();
        String siret = SireneFixtures.siret();
        employers.findOrRegisterUnverified(siret, EmployerKind.ACI);
        String header = SireneFixtures.HEADER.replace(",etatAdministratifEtablissement", "");
        String row = SireneFixtures.row(siret, "F", "2026-01-01", "SANS ETAT").replace(",F,", ",");
        String name = "StockEtablissement_" + siret + "nostate.csv";
        SireneFixtures.drop(name, SireneFixtures.csv(header, List.of(row)).getBytes(StandardCharsets.UTF_8));
        Map<String, Object> refused = exchange(name);
        assertThat(refused).containsEntry("status", "REFUSED").containsEntry("applied", 0);
        String rejects = get("/api/v1/ops/exchanges/" + refused.get("id") + "/rejects", key).raw();
        assertThat(rejects).contains("SIRENE_COLUMNS_MISSING").contains("etatAdministratifEtablissement");
        assertThat(get("/api/v1/employers/" + siret, key).body().path("status").asText()).isEqualTo("UNVERIFIED");
        await().atMost(WAIT).until(() -> state("sirene-stock", key), "DEGRADED"::equals);

        // the next good file puts the flow back up
        String next = "StockEtablissementLiensSuccession_" + siret + "next.csv";
        SireneFixtures.drop(next, (SireneFixtures.SUCCESSION_HEADER + "\n").getBytes(StandardCharsets.UTF_8));
        assertThat(exchange(next)).containsEntry("status", "DONE").containsEntry("received", 0);
        await().atMost(WAIT).until(() -> state("sirene-stock", key), "UP"::equals);
    }

    private String state(String flowId, String key) {
        for (JsonNode flow : get("/api/v1/ops/flows", key).body()) {
            if (flow.path("flow").asText().equals(flowId)) {
                return flow.path("state").asText();
            }
        }
        throw new AssertionError(flowId + " missing from /ops/flows");
    }
}
