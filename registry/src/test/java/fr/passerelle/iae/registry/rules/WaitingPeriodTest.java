package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.eligibility.Criterion;
import java.time.LocalDate;
import java.util.Optional;
import java.util.Set;
import org.junit.jupiter.api.Test;

class WaitingPeriodTest {

    static final LocalDate TODAY = parse("2024-06-01");
    static final Diagnosis PRESCRIBER = new Diagnosis(DiagnosisAuthor.AUTHORIZED_PRESCRIBER, "FT", Set.of(), parse("2024-05-01"), null);
    static final Diagnosis EMPLOYER = new Diagnosis(DiagnosisAuthor.EMPLOYER, null, Set.of(Criterion.RSA), parse("2024-05-01"),
            "73282932000074", EmployerKind.ACI);

    @Test
    void PASS_31_end_2023_01_31_blocks_through_2025_01_31() {
        LocalDate end = parse("2023-01-31");
        assertThat(WaitingPeriod.applies(end, end)).isFalse();
        assertThat(WaitingPeriod.applies(end, parse("2023-02-01"))).isTrue();
        assertThat(WaitingPeriod.applies(end, parse("2025-01-31"))).isTrue();
        assertThat(WaitingPeriod.applies(end, parse("2025-02-01"))).isFalse();
    }

    @Test
    void PASS_31_end_2024_02_29_blocks_through_2026_02_28() {
        LocalDate end = parse("2024-02-29");
        assertThat(WaitingPeriod.applies(end, parse("2024-03-01"))).isTrue();
        assertThat(WaitingPeriod.applies(end, parse("2026-02-28"))).isTrue();
        assertThat(WaitingPeriod.applies(end, parse("2026-03-01"))).isFalse();
    }

    @Test
    void PASS_32_a_authorised_prescriber_sender_lifts_it() {
        assertThat(WaitingPeriod.lifted(true, Optional.empty(), TODAY)).isTrue();
    }

    @Test
    void PASS_32_b_valid_authorised_prescriber_diagnosis_lifts_it() {
        assertThat(WaitingPeriod.lifted(false, Optional.of(PRESCRIBER), TODAY)).isTrue();
        // Created 2024-05-01: valid through 2024-10-31.
        assertThat(WaitingPeriod.lifted(false, Optional.of(PRESCRIBER), parse("2024-11-01"))).isFalse();
    }

    @Test
    void PASS_32_nothing_else_lifts_it() {
        assertThat(WaitingPeriod.lifted(false, Optional.of(EMPLOYER), TODAY)).isFalse();
        assertThat(WaitingPeriod.lifted(false, Optional.empty(), TODAY)).isFalse();
    }

    @Test
    void PASS_32_refuses_with_WAITING_PERIOD_only_inside_the_period() {
        Optional<LocalDate> ended = Optional.of(parse("2023-01-31"));
        assertRejected(WaitingPeriod.check(ended, false, Optional.of(EMPLOYER), TODAY), "PASS-32", "WAITING_PERIOD", null);
        assertThat(WaitingPeriod.check(ended, false, Optional.of(PRESCRIBER), TODAY)).isEmpty();
        assertThat(WaitingPeriod.check(ended, true, Optional.empty(), TODAY)).isEmpty();
        assertThat(WaitingPeriod.check(Optional.empty(), false, Optional.empty(), TODAY)).isEmpty();
        assertThat(WaitingPeriod.check(ended, false, Optional.empty(), parse("2025-02-01"))).isEmpty();
    }
}
