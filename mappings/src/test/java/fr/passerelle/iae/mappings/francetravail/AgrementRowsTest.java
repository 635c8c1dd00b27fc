package fr.passerelle.iae.mappings.francetravail;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.RecordOutcome;

class AgrementRowsTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 3);

    private static List<RecordOutcome<AgrementRow>> sample() throws Exception {
        try (BufferedReader in = new BufferedReader(new InputStreamReader(
                AgrementRowsTest.class.getResourceAsStream("/francetravail/agrements_ft_20250303.csv"), StandardCharsets.UTF_8))) {
            AgrementRows rows = AgrementRows.header(in.readLine(), "99999", TODAY).orThrow();
            List<RecordOutcome<AgrementRow>> lines = new ArrayList<>();
            String line;
            long n = 1;
            while ((line = in.readLine()) != null) {
                lines.add(rows.read(++n, line));
            }
            return lines;
        }
    }

    @Test
    void PARTNERS_3_1_every_date_format_of_the_sample_is_read() throws Exception {
        List<RecordOutcome<AgrementRow>> lines = sample();
        AgrementRow p01 = ((RecordOutcome.Accepted<AgrementRow>) lines.get(2)).record();
        assertThat(p01.root()).isEqualTo("350211900042");
        assertThat(p01.suffix()).isEqualTo("P01");
        assertThat(p01.start()).isEqualTo("2019-07-01");
        assertThat(p01.end()).isEqualTo("2022-03-31");
        assertThat(p01.birthDate()).isEqualTo("1988-03-14");
        AgrementRow plain = ((RecordOutcome.Accepted<AgrementRow>) lines.get(3)).record();
        assertThat(plain.start()).isEqualTo("2020-01-15");
        assertThat(plain.end()).isEqualTo("2022-01-14");
        assertThat(((RecordOutcome.Accepted<AgrementRow>) lines.get(6)).record().birthDate()).isEqualTo("1969-05-05");
    }

    @Test
    void LEG_03_start_equal_to_end_is_skipped() throws Exception {
        assertThat(sample().get(5)).isEqualTo(new RecordOutcome.Skipped<>(7, "LEG-03", "756312000301"));
    }

    @Test
    void birth_dates_with_two_digit_years_fall_back_a_century_only_when_in_the_future() {
        assertThat(AgrementDates.birth("05/05/69", TODAY)).contains(LocalDate.of(1969, 5, 5));
        assertThat(AgrementDates.birth("30/06/01", TODAY)).contains(LocalDate.of(2001, 6, 30));
        assertThat(AgrementDates.period("15jan2020")).contains(LocalDate.of(2020, 1, 15));
        assertThat(AgrementDates.period("31/03/2022")).isEmpty();
        assertThat(AgrementDates.period("2022-02-30")).isEmpty();
    }

    @Test
    void LEG_02_and_LEG_08_number_shapes() {
        AgrementRows rows = AgrementRows.header(String.join(";", AgrementRows.COLUMNS), "99999", TODAY).orThrow();
        RecordOutcome<AgrementRow> bad = rows.read(2, "35021;0123456A;A;B;C;35021190004X;2019-07-01;2020-07-01;14/03/88");
        assertThat(((RecordOutcome.Rejected<AgrementRow>) bad).rejections().get(0).code()).isEqualTo("LEG_NUMBER_FORMAT");
        RecordOutcome<AgrementRow> prefix = rows.read(3, "35021;0123456A;A;B;C;999991900042;2019-07-01;2020-07-01;14/03/88");
        assertThat(((RecordOutcome.Rejected<AgrementRow>) prefix).rejections().get(0).rule()).isEqualTo("LEG-08");
        RecordOutcome<AgrementRow> quoted = rows.read(4, "\"35021\";0123456A;\"O\"\"BRIEN\";B;C;\"35021 19 00042 E01\";2019-07-01;2020-07-01;14/03/88");
        assertThat(((RecordOutcome.Accepted<AgrementRow>) quoted).record().lastName()).isEqualTo("O\"BRIEN");
    }

    @Test
    void PARTNERS_3_5_prescriber_typology_and_cancelled_pass() {
        PassUpdateRequest sent = PassUpdateRequest.of("999990012345", LocalDate.of(2025, 3, 3), LocalDate.of(2027, 3, 2), true,
                "id", "44198765800016", 836, "PRESCRIBER", "FT");
        assertThat(sent.dateFinPassIAE()).isEqualTo("2025-03-03");
        assertThat(sent.typologiePrescripteur()).isEqualTo("PE");
        assertThat(PassUpdateRequest.typology("SPIP")).contains("Autre");
        assertThat(PassUpdateRequest.of("n", LocalDate.MIN, LocalDate.MAX, false, "i", "s", 837, "JOB_SEEKER", "ML")
                .typologiePrescripteur()).isNull();
    }
}
