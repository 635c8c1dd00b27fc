package fr.passerelle.iae.routes.francetravail;

import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.drop;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.newFranceTravailId;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.newRoot;
import static fr.passerelle.iae.routes.francetravail.AgrementFixtures.row;
import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.registry.francetravail.AgrementLinking;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.pass.PassFixtures;

/** Flow ft-agrements end to end: a file in the SFTP drop box, the registry and the journal as the outcome. */
class AgrementMigrationTest extends HubTestSupport {

    private static final LocalDate BIRTH = LocalDate.of(1988, 3, 14);
    private static final String ACI = "73282932000074";

    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private AgrementLinking linking;

    private String key;

    @org.junit.jupiter.api.BeforeEach
    void client() {
        key = fullKey();
    }

    private void today(LocalDate date) {
        clock.set(date.atTime(10, 0).atZone(ZoneId.of("Europe/Paris")).toInstant());
    }

    /** A person known to the registry by NIR and France Travail id, with a PASS in 2015–2017. */
    private Map<String, Object> personWithOldPass(String ftId) {
        Map<String, Object> person = new HashMap<>(PassFixtures.person(PassFixtures.newNir(BIRTH), BIRTH));
        person.put("franceTravailId", ftId);
        today(LocalDate.of(2015, 1, 5));
        Answer issued = post("/api/v1/passes", key, UUID.randomUUID().toString(),
                toJson(PassFixtures.issuance(person, ACI, "ACI", LocalDate.of(2015, 1, 12), LocalDate.of(2015, 1, 5))));
        assertThat(issued.status()).isEqualTo(201);
        clock.reset();
        return person;
    }

    private Map<String, Object> loaded(String name) {
        return AgrementFixtures.loaded(jdbc, name);
    }

    private List<String> rejects(String name) {
        return jdbc.sql("SELECT r.line || ':' || r.rule || ':' || r.code FROM reject r JOIN exchange e ON e.id = r.exchange_id "
                + "WHERE e.name = ? ORDER BY r.line").param(name).query(String.class).list();
    }

    private String agrementStatus(String root) {
        return jdbc.sql("SELECT status FROM ft_agrement WHERE root = ?").param(root).query(String.class).single();
    }

    @Test
    void LEG_03_LEG_04_LEG_06_LEG_07_merges_skips_links_and_reports_conflicts_per_line() {
        String ftA = newFranceTravailId();
        Map<String, Object> personA = personWithOldPass(ftA);
        String merged = newRoot();
        String unknownPerson = newRoot();
        String cancelled = newRoot();
        String overlapping = newRoot();
        String mixed = newRoot();
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";

        drop(name,
                row(ftA, merged, "2019-07-01 00:00:00", "2021-06-30 00:00:00", "14/03/88"),
                row(ftA, merged + "S01", "2019-07-01 00:00:00", "2021-09-30 00:00:00", "14/03/88"),
                row(ftA, merged.substring(0, 5) + " " + merged.substring(5, 7) + " " + merged.substring(7) + " P01",
                        "07/01/2019", "03/31/2022", "14/03/88"),
                row(newFranceTravailId(), unknownPerson, "15JAN2020", "14JAN2022", "02/11/75"),
                row(ftA, cancelled, "2020-09-01 00:00:00", "2020-09-01 00:00:00", "14/03/88"),
                row(ftA, "12345X", "2020-09-01", "2021-09-01", "14/03/88"),
                row(ftA, overlapping, "2016-01-01", "2017-12-31", "14/03/88"),
                row(ftA, mixed, "2012-01-01", "2013-01-01", "14/03/88"),
                row(ftA, mixed + "E01", "2012-01-01", "2013-06-01", "15/03/88"),
                row(ftA, newRoot(), "31/02/2020", "2021-01-01", "14/03/88"));

        Map<String, Object> run = loaded(name);
        assertThat(run).containsEntry("rows_read", 10L).containsEntry("skipped", 1L).containsEntry("linked", 1L)
                .containsEntry("unlinked", 1L).containsEntry("rejected", 4L).containsEntry("merged", 3L);
        assertThat(rejects(name)).containsExactly("7:LEG-02:LEG_NUMBER_FORMAT", "8:PASS-20:LEG_PASS_OVERLAP",
                "9:LEG-04:LEG_IDENTITY_MISMATCH", "11:PARTNERS-3.1:DATE_FORMAT");

        Answer pass = get("/api/v1/passes/" + merged, key);
        assertThat(pass.status()).isEqualTo(200);
        assertThat(pass.body().get("startDate").asText()).isEqualTo("2019-07-01");
        assertThat(pass.body().get("endDate").asText()).isEqualTo("2022-03-31");
        assertThat(pass.body().get("origin").asText()).isEqualTo("MIGRATED_AGREMENT");
        assertThat(agrementStatus(unknownPerson)).isEqualTo("UNLINKED");
        assertThat(get("/api/v1/passes/" + unknownPerson, key).status()).isEqualTo(404);
        assertThat(jdbc.sql("SELECT count(*) FROM ft_agrement WHERE root = ?").param(cancelled).query(Long.class).single()).isZero();
        assertThat(get("/api/v1/passes/" + overlapping, key).status()).isEqualTo(404);
        // the file moves to .done/ after the journal's commit, not with it
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(AgrementFixtures.dropBox().resolve(name)));

        // LEG-07: the migrated agrément is the person's current PASS: a hire during it reuses its number ...
        today(LocalDate.of(2021, 1, 4));
        Answer reused = post("/api/v1/passes", key, UUID.randomUUID().toString(),
                toJson(PassFixtures.issuance(personA, ACI, "ACI", LocalDate.of(2021, 1, 11), LocalDate.of(2021, 1, 4))));
        assertThat(reused.status()).isEqualTo(200);
        assertThat(reused.body().get("decision").asText()).isEqualTo("REUSED");
        assertThat(reused.body().get("number").asText()).isEqualTo(merged);
        // ... and the waiting period runs after its end (PASS-31)
        today(LocalDate.of(2022, 6, 1));
        Map<String, Object> spontaneous = new HashMap<>(PassFixtures.issuance(personA, ACI, "ACI", LocalDate.of(2022, 6, 8),
                LocalDate.of(2022, 6, 1)));
        spontaneous.put("eligibility", Map.of("author", "EMPLOYER", "criteria", List.of("RSA"), "diagnosedOn", "2022-06-01"));
        spontaneous.put("origin", Map.of("sender", "JOB_SEEKER", "prescriberAuthorized", false));
        Answer refused = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(spontaneous));
        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.body().get("code").asText()).isEqualTo("WAITING_PERIOD");
    }

    @Test
    void LEG_05_the_same_file_again_changes_nothing_and_a_later_file_never_shortens() {
        String ftA = newFranceTravailId();
        personWithOldPass(ftA);
        String root = newRoot();
        String[] rows = {row(ftA, root, "2019-07-01", "2021-06-30", "14/03/88")};
        String first = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        drop(first, rows);
        assertThat(loaded(first)).containsEntry("linked", 1L);

        String again = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        Path second = drop(again, rows);
        await().atMost(Duration.ofSeconds(30)).until(() -> !Files.exists(second));
        assertThat(jdbc.sql("SELECT count(*) FROM exchange WHERE name = ?").param(again).query(Long.class).single()).isZero();

        String later = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        drop(later, row(ftA, root + "A01", "2019-07-01", "2020-01-31", "14/03/88"));
        assertThat(loaded(later)).containsEntry("linked", 0L).containsEntry("unchanged", 1L);

        Answer pass = get("/api/v1/passes/" + root, key);
        assertThat(pass.body().get("endDate").asText()).isEqualTo("2021-06-30");
        assertThat(jdbc.sql("SELECT count(*) FROM pass_history WHERE pass_number = ?").param(root).query(Long.class).single())
                .isEqualTo(1);
    }

    @Test
    void LEG_07_a_number_held_by_another_person_is_reported_never_overwritten() {
        String ftA = newFranceTravailId();
        personWithOldPass(ftA);
        Map<String, Object> other = personWithOldPass(newFranceTravailId());
        String root = newRoot();
        // a PASS of the former platform that already carries this agrément number, for someone else
        java.util.UUID otherId = jdbc.sql("SELECT id FROM person WHERE nir = ?").param(other.get("nir")).query(java.util.UUID.class).single();
        jdbc.sql("INSERT INTO pass_number (number) VALUES (?)").param(root).update();
        jdbc.sql("INSERT INTO pass (number, person_id, start_date, end_date, origin) VALUES (?, ?, '2018-01-01', '2019-12-31', "
                + "'MIGRATED_AGREMENT')").params(root, otherId).update();
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";

        drop(name, row(ftA, root, "2019-07-01", "2021-06-30", "14/03/88"));

        assertThat(loaded(name)).containsEntry("rejected", 1L);
        assertThat(rejects(name)).containsExactly("2:LEG-07:LEG_NUMBER_CONFLICT");
        assertThat(get("/api/v1/passes/" + root, key).body().get("endDate").asText()).isEqualTo("2019-12-31");
    }

    @Test
    void PARTNERS_3_1_an_xlsx_delivery_is_read_like_its_csv() throws Exception {
        String ftA = newFranceTravailId();
        personWithOldPass(ftA);
        String root = newRoot();
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("agrements");
            String[][] cells = {AgrementFixtures.HEADER.split(";"),
                    row(ftA, root, "2019-07-01", "2021-06-30", "14/03/88").split(";")};
            for (int r = 0; r < cells.length; r++) {
                Row line = sheet.createRow(r);
                for (int c = 0; c < cells[r].length; c++) {
                    line.createCell(c).setCellValue(cells[r][c]);
                }
            }
            // a date typed as a date in the spreadsheet, and a SAFIR code typed as a number
            var dateStyle = book.createCellStyle();
            dateStyle.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            sheet.getRow(1).getCell(7).setCellValue(LocalDate.of(2021, 6, 30));
            sheet.getRow(1).getCell(7).setCellStyle(dateStyle);
            sheet.getRow(1).getCell(0).setCellValue(35021);
            book.write(xlsx);
        }
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".xlsx";

        drop(name, xlsx.toByteArray());

        assertThat(loaded(name)).containsEntry("linked", 1L).containsEntry("rejected", 0L);
        assertThat(get("/api/v1/passes/" + root, key).body().get("endDate").asText()).isEqualTo("2021-06-30");
    }

    @Test
    void PARTNERS_3_1_an_xlsx_delivery_typed_as_numbers_wherever_it_can_is_loaded() throws Exception {
        String ftA = AgrementFixtures.newNumericFranceTravailId();
        personWithOldPass(ftA);
        String root = newRoot();
        ByteArrayOutputStream xlsx = new ByteArrayOutputStream();
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("agrements");
            String[] header = AgrementFixtures.HEADER.split(";");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            var date = book.createCellStyle();
            date.setDataFormat(book.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
            Row line = sheet.createRow(1);
            line.createCell(0).setCellValue(35021);
            line.createCell(1).setCellValue(Long.parseLong(ftA));
            line.createCell(2).setCellValue("MARTIN");
            line.createCell(3).setCellValue("LUCIE");
            line.createCell(4).setCellValue("LEROY");
            line.createCell(5).setCellValue(Long.parseLong(root));            // the General format shows 1.xxxxx E+11
            line.createCell(6).setCellValue(LocalDate.of(2019, 7, 1));
            line.createCell(7).setCellValue(LocalDate.of(2021, 6, 30));
            line.createCell(8).setCellValue(32216);                           // 1988-03-14 as a serial number
            for (int c = 6; c <= 8; c++) {
                line.getCell(c).setCellStyle(date);
            }
            book.write(xlsx);
        }
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".xlsx";

        drop(name, xlsx.toByteArray());

        assertThat(loaded(name)).containsEntry("linked", 1L).containsEntry("rejected", 0L);
        assertThat(rejects(name)).isEmpty();
        Answer pass = get("/api/v1/passes/" + root, key);
        assertThat(pass.body().get("startDate").asText()).isEqualTo("2019-07-01");
        assertThat(pass.body().get("endDate").asText()).isEqualTo("2021-06-30");
    }

    @Test
    void LEG_06_the_periodic_relink_links_an_agrement_whose_person_came_without_a_hire() {
        String ftId = newFranceTravailId();
        String root = newRoot();
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";
        drop(name, row(ftId, root, "2019-07-01", "2021-06-30", "14/03/88"));
        assertThat(loaded(name)).containsEntry("unlinked", 1L);

        // a hire links its person's agréments itself (AgrementAtHireTest): the relink is the safety net for a person
        // stored by any other way, such as the registry's data from before hires did
        UUID person = UUID.randomUUID();
        jdbc.sql("INSERT INTO person (id, france_travail_id, birth_date, last_name, first_name, asp_id) VALUES (?, ?, ?, 'MARTIN', "
                + "'LUCIE', ?)").params(person, ftId, BIRTH, person.toString().replace("-", "").substring(0, 30)).update();
        linking.relink();

        assertThat(agrementStatus(root)).isEqualTo("LINKED");
        Answer pass = get("/api/v1/passes/" + root, key);
        assertThat(pass.body().get("origin").asText()).isEqualTo("MIGRATED_AGREMENT");
        assertThat(pass.body().get("personId").asText()).isEqualTo(person.toString());
    }

    @Test
    void PASS_05_after_a_load_the_counter_stands_above_every_number_with_the_prefix() {
        long above = jdbc.sql("SELECT last_value FROM pass_counter").query(Long.class).single() + 1000;
        // an older number with the issuer prefix, loaded with the agréments (tail 7 digits)
        jdbc.sql("INSERT INTO pass_number (number) VALUES (?)").param("XXXXX" + String.format("%07d", above)).update();
        String name = "agrements_ft_" + UUID.randomUUID().toString().substring(0, 8) + ".csv";

        drop(name, row(newFranceTravailId(), newRoot(), "2019-07-01", "2021-06-30", "14/03/88"));
        loaded(name);

        assertThat(jdbc.sql("SELECT nextval('pass_counter')").query(Long.class).single()).isGreaterThan(above);
    }
}
