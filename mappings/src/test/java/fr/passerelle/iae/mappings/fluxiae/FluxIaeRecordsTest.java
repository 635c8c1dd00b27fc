package fr.passerelle.iae.mappings.fluxiae;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.Rejection;

class FluxIaeRecordsTest {

    @Test
    void PARTNERS_2_3_sample_structures_map_with_the_SIRENE_NAF_the_gestion_address_and_a_10_digit_phone_only() throws Exception {
        List<StructureRecord> records = FluxIaeFileTest.read("fluxIAE_Structure_03032025_061502.csv", FluxIaeView.STRUCTURE).stream()
                .map(row -> ((RecordOutcome.Accepted<StructureRecord>) FluxIaeRecords.structure(row)).record()).toList();

        assertThat(records.get(0).naf()).isEqualTo("88.99B");                                   // EMP-05
        assertThat(records.get(1).addressLine1()).isEqualTo("3 BIS QUAI DE LA DOUANE");
        assertThat(records.get(1).addressLine2()).isEqualTo("ESC A");
        assertThat(records.get(2).addressLine1()).isEqualTo("27 RUE DE L'EPEULE");              // gestion, not admin
        assertThat(records.get(3).phone()).isNull();                                             // 9 digits
    }

    @Test
    void PARTNERS_2_4_sample_annexes_get_their_full_number() throws Exception {
        List<String> numbers = FluxIaeFileTest.read("fluxIAE_AnnexeFinanciere_03032025_061502.csv", FluxIaeView.ANNEXE_FINANCIERE)
                .stream().map(row -> ((RecordOutcome.Accepted<AnnexRecord>) FluxIaeRecords.annex(row)).record().number()).toList();

        assertThat(numbers).containsExactly("ACI035230012A1M0", "ACI035230012A2M0", "AI029250031A0M0", "ETTI029220008A2M1",
                "EI59L240007A0M0", "EITI972240003A0M1");
    }

    @Test
    void EMP_23_current_and_signature_SIRETs_of_different_SIRENs_reject_the_row() {
        assertThat(rules(structure("44198765800016", "52311874300013", "a@b.fr"))).containsExactly("EMP-23 SIREN_MISMATCH");
    }

    @Test
    void EMP_02_EMP_03_SIRETs_are_checked_La_Poste_by_its_digit_sum() {
        assertThat(rules(structure("73282932000075", "73282932000075", "a@b.fr")))
                .containsExactly("EMP-02 INVALID_SIRET", "EMP-02 INVALID_SIRET");
        assertThat(FluxIaeRecords.structure(structure("35600000052176", "35600000049837", "a@b.fr")))
                .isInstanceOf(RecordOutcome.Accepted.class);
    }

    @Test
    void EMP_24_a_row_without_technical_contact_email_is_reported_and_a_malformed_one_rejected() {
        assertThat(rules(structure("44198765800016", "44198765800016", ""))).containsExactly("EMP-24 MISSING_CONTACT_EMAIL");
        assertThat(rules(structure("44198765800016", "44198765800016", "a b@c.fr"))).containsExactly("PARTNERS-2.3 INVALID_EMAIL");
    }

    @Test
    void EMP_05_an_activity_code_not_written_4_digits_and_a_letter_rejects_the_row() {
        FluxIaeRow row = structure("44198765800016", "44198765800016", "a@b.fr");
        row.values()[row.header().get(FluxIaeView.Columns.NAF)] = "88.99B";
        assertThat(rules(row)).containsExactly("EMP-05 INVALID_NAF");
    }

    @Test
    void EMP_13_a_nonconforming_annex_number_rejects_the_row() {
        assertThat(annexRules(annex("ACI_DC", "ACI35230012", "2", "01/01/2025", "31/12/2025"))).containsExactly("EMP-13 AF_NUMBER_FORMAT");
        assertThat(annexRules(annex("ACI_DC", "ACI035230012", "12", "01/01/2025", "31/12/2025"))).containsExactly("EMP-13 AF_NUMBER_FORMAT");
        assertThat(annexRules(annex("EI_DC", "EI59L240007", "0", "01/01/2025", "31/12/2025"))).isEmpty();
    }

    @Test
    void PARTNERS_2_2_dates_may_carry_a_time_and_an_end_before_the_start_rejects_the_row() {
        RecordOutcome<AnnexRecord> timed = FluxIaeRecords.annex(annex("ACI_DC", "ACI035230012", "2", "01/01/2025 00:00:00", "31/12/2025"));
        assertThat(((RecordOutcome.Accepted<AnnexRecord>) timed).record().startDate()).isEqualTo(LocalDate.of(2025, 1, 1));
        assertThat(annexRules(annex("ACI_DC", "ACI035230012", "2", "31/02/2025", "31/12/2025"))).containsExactly("PARTNERS-2.2 INVALID_DATE");
        assertThat(annexRules(annex("ACI_DC", "ACI035230012", "2", "01/01/2025", "31/12/2024"))).containsExactly("PARTNERS-2.4 AF_DATES");
    }

    @Test
    void EMP_16_prison_and_non_SIAE_measures_are_ignored_not_rejected() {
        assertThat(FluxIaeRecords.annex(annex("ACI_MP", "ACI035230012", "2", "01/01/2025", "31/12/2025")))
                .isInstanceOf(RecordOutcome.Skipped.class);
        assertThat(FluxIaeRecords.annex(annex("FDI_DC", "ACI035230012", "2", "01/01/2025", "31/12/2025")))
                .isInstanceOf(RecordOutcome.Skipped.class);
    }

    @Test
    void EMP_14_an_end_date_is_still_covered_and_only_VALIDE_and_PROVISOIRE_are_active() {
        AnnexRecord annex = new AnnexRecord(3, 1, "ACI", "ACI035230012A2M0", LocalDate.of(2025, 1, 1), LocalDate.of(2025, 3, 5),
                AnnexState.PROVISOIRE);
        assertThat(annex.activeOn(LocalDate.of(2025, 3, 5))).isTrue();
        assertThat(annex.activeOn(LocalDate.of(2025, 3, 6))).isFalse();
        assertThat(new AnnexRecord(3, 1, "ACI", "x", annex.startDate(), annex.endDate(), AnnexState.SAISI)
                .activeOn(LocalDate.of(2025, 3, 1))).isFalse();
    }

    private static List<String> rules(FluxIaeRow row) {
        RecordOutcome<StructureRecord> checked = FluxIaeRecords.structure(row);
        return checked instanceof RecordOutcome.Rejected<StructureRecord> rejected
                ? rejected.rejections().stream().map(FluxIaeRecordsTest::rule).toList() : List.of();
    }

    private static List<String> annexRules(FluxIaeRow row) {
        RecordOutcome<AnnexRecord> checked = FluxIaeRecords.annex(row);
        return checked instanceof RecordOutcome.Rejected<AnnexRecord> rejected
                ? rejected.rejections().stream().map(FluxIaeRecordsTest::rule).toList() : List.of();
    }

    private static String rule(Rejection rejection) {
        return rejection.rule() + " " + rejection.code();
    }

    private static FluxIaeRow structure(String signature, String current, String email) {
        return row(FluxIaeView.STRUCTURE, Map.of(FluxIaeView.Columns.ID_SIAE, "4101", FluxIaeView.Columns.SIRET_SIGNATURE, signature,
                FluxIaeView.Columns.SIRET_CURRENT, current, FluxIaeView.Columns.NAME, "ATELIER", FluxIaeView.Columns.NAF, "8899B",
                FluxIaeView.Columns.EMAIL, email, FluxIaeView.Columns.gestion("cp"), "35000"));
    }

    private static FluxIaeRow annex(String measure, String prefix, String renewal, String start, String end) {
        return row(FluxIaeView.ANNEXE_FINANCIERE, Map.of(FluxIaeView.Columns.AF_STRUCTURE, "4101", FluxIaeView.Columns.AF_MEASURE, measure,
                FluxIaeView.Columns.AF_NUMBER, prefix, FluxIaeView.Columns.AF_RENEWAL, renewal, FluxIaeView.Columns.AF_MODIFICATION, "0",
                FluxIaeView.Columns.AF_START, start, FluxIaeView.Columns.AF_END, end, FluxIaeView.Columns.AF_STATE, "VALIDE"));
    }

    private static FluxIaeRow row(FluxIaeView view, Map<String, String> values) {
        Map<String, Integer> header = new HashMap<>();
        String[] array = new String[view.requiredColumns().size()];
        for (int i = 0; i < array.length; i++) {
            String column = view.requiredColumns().get(i);
            header.put(column, i);
            array[i] = values.getOrDefault(column, "");
        }
        return new FluxIaeRow(view, 3, header, array);
    }
}
