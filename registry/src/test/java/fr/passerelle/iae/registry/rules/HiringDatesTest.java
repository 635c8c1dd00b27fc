package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class HiringDatesTest {

    @Test
    void PASS_12_hire_start_from_today() {
        assertThat(HiringDates.checkNewHire(parse("2025-03-05"), parse("2025-03-05"))).isEmpty();
        assertRejected(HiringDates.checkNewHire(parse("2025-03-04"), parse("2025-03-05")),
                "PASS-12", "HIRING_DATE_IN_PAST", "hiringStartDate");
    }

    @Test
    void PASS_12_hire_start_up_to_six_calendar_months() {
        assertThat(HiringDates.checkNewHire(parse("2025-09-05"), parse("2025-03-05"))).isEmpty();
        assertRejected(HiringDates.checkNewHire(parse("2025-09-06"), parse("2025-03-05")),
                "PASS-12", "HIRING_DATE_TOO_FAR", "hiringStartDate");
    }

    @Test
    void PASS_12_six_months_from_a_month_end_stops_at_the_shorter_month_end() {
        assertThat(HiringDates.checkNewHire(parse("2026-02-28"), parse("2025-08-31"))).isEmpty();
        assertRejected(HiringDates.checkNewHire(parse("2026-03-01"), parse("2025-08-31")),
                "PASS-12", "HIRING_DATE_TOO_FAR", "hiringStartDate");
        assertThat(HiringDates.checkNewHire(parse("2024-02-29"), parse("2023-08-31"))).isEmpty();
        assertRejected(HiringDates.checkNewHire(parse("2024-03-01"), parse("2023-08-31")),
                "PASS-12", "HIRING_DATE_TOO_FAR", "hiringStartDate");
    }

    @Test
    void PASS_21_reusing_hire_may_start_on_the_pass_end_not_after() {
        assertThat(HiringDates.checkReuse(parse("2027-01-05"), parse("2027-01-05"))).isEmpty();
        assertRejected(HiringDates.checkReuse(parse("2027-01-06"), parse("2027-01-05")),
                "PASS-21", "HIRING_AFTER_PASS_END", "hiringStartDate");
    }
}
