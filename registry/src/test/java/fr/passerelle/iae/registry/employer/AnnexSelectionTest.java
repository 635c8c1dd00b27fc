package fr.passerelle.iae.registry.employer;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import java.util.List;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.fluxiae.AnnexRecord;
import fr.passerelle.iae.mappings.fluxiae.AnnexState;

class AnnexSelectionTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 5);

    @Test
    void EMP_15_one_annex_per_number_the_active_one_else_an_active_state_with_the_latest_end_else_the_latest_end() {
        AnnexRecord historised = annex("ACI035230012A2M0", AnnexState.HISTORISE, "2025-12-31");
        AnnexRecord valid = annex("ACI035230012A2M0", AnnexState.VALIDE, "2025-06-30");
        AnnexRecord endedValid = annex("ACI035230012A3M0", AnnexState.VALIDE, "2024-12-31");
        AnnexRecord laterCancelled = annex("ACI035230012A3M0", AnnexState.ANNULE, "2026-12-31");
        AnnexRecord early = annex("ACI035230012A4M0", AnnexState.SAISI, "2024-01-31");
        AnnexRecord late = annex("ACI035230012A4M0", AnnexState.BROUILLON, "2024-06-30");

        assertThat(AnnexSelection.onePerNumber(List.of(historised, valid, laterCancelled, endedValid, late, early), TODAY))
                .containsExactly(valid, endedValid, late);
    }

    @Test
    void EMP_17_the_sample_conventions_are_active_as_DOMAIN_4_3_says() {
        assertThat(active(annex("ACI035230012A1M0", AnnexState.HISTORISE, "2024-12-31"),
                annex("ACI035230012A2M0", AnnexState.VALIDE, "2025-12-31"))).isTrue();
        assertThat(active(annex("AI029250031A0M0", AnnexState.PROVISOIRE, "2025-12-31"))).isTrue();
        assertThat(active(annex("ETTI029220008A2M1", AnnexState.VALIDE, "2024-12-31"))).isFalse();
        assertThat(active(annex("EI59L240007A0M0", AnnexState.SAISI, "2025-12-31"))).isFalse();
        assertThat(active(annex("EITI972240003A0M1", AnnexState.VALIDE, "2026-03-31"))).isTrue();
    }

    @Test
    void EMP_17_without_an_active_annex_the_best_is_the_latest_ending() {
        AnnexRecord latest = annex("ACI035230012A2M0", AnnexState.HISTORISE, "2025-12-31");
        assertThat(AnnexSelection.best(List.of(annex("ACI035230012A1M0", AnnexState.VALIDE, "2024-12-31"), latest), TODAY))
                .contains(latest);
    }

    private static boolean active(AnnexRecord... annexes) {
        return AnnexSelection.best(List.of(annexes), TODAY).orElseThrow().activeOn(TODAY);
    }

    static AnnexRecord annex(String number, AnnexState state, String end) {
        return new AnnexRecord(3, 4101, number.replaceAll("[0-9].*", ""), number, LocalDate.of(2024, 1, 1), LocalDate.parse(end), state);
    }
}
