package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class PassPostponementTest {

    static final LocalDate TODAY = parse("2025-03-05");
    static final DateRange NOT_STARTED = new DateRange(parse("2025-04-01"), parse("2027-03-31"));

    @Test
    void PASS_22_earlier_hire_moves_start_and_recomputes_end() {
        assertThat(PassPostponement.movedEarlier(NOT_STARTED, parse("2025-03-20"), TODAY))
                .isEqualTo(new DateRange(parse("2025-03-20"), parse("2027-03-19")));
    }

    @Test
    void PASS_22_end_is_recomputed_never_shifted() {
        DateRange oddEnd = new DateRange(parse("2025-04-01"), parse("2027-04-30"));
        assertThat(PassPostponement.movedEarlier(oddEnd, parse("2025-03-20"), TODAY).end()).isEqualTo(parse("2027-03-19"));
    }

    @Test
    void PASS_22_later_or_same_hire_date_changes_nothing() {
        assertThat(PassPostponement.movedEarlier(NOT_STARTED, parse("2025-04-15"), TODAY)).isSameAs(NOT_STARTED);
        assertThat(PassPostponement.movedEarlier(NOT_STARTED, parse("2025-04-01"), TODAY)).isSameAs(NOT_STARTED);
    }

    @Test
    void PASS_22_started_pass_never_moves() {
        assertThat(PassPostponement.movedEarlier(NOT_STARTED, parse("2025-04-01"), parse("2025-04-01"))).isSameAs(NOT_STARTED);
        DateRange startsToday = new DateRange(TODAY, PassDates.endFor(TODAY));
        assertThat(PassPostponement.movedEarlier(startsToday, TODAY, TODAY)).isSameAs(startsToday);
    }

    @Test
    void PASS_14_not_started_new_date_from_today_to_today_plus_30_days() {
        assertThat(PassPostponement.checkPostponement(NOT_STARTED, TODAY, TODAY)).isEmpty();
        assertThat(PassPostponement.checkPostponement(NOT_STARTED, parse("2025-04-04"), TODAY)).isEmpty();
        assertRejected(PassPostponement.checkPostponement(NOT_STARTED, parse("2025-04-05"), TODAY),
                "PASS-14", "HIRING_DATE_TOO_FAR", "hiringStartDate");
        assertRejected(PassPostponement.checkPostponement(NOT_STARTED, parse("2025-03-04"), TODAY),
                "PASS-14", "HIRING_DATE_IN_PAST", "hiringStartDate");
    }

    @Test
    void PASS_14_postponed_later_recomputes_end() {
        assertThat(PassPostponement.postponed(NOT_STARTED, parse("2025-04-04"), TODAY))
                .isEqualTo(new DateRange(parse("2025-04-04"), parse("2027-04-03")));
    }

    @Test
    void PASS_14_started_pass_keeps_its_dates_and_new_hire_must_precede_its_end() {
        LocalDate afterStart = parse("2025-05-01");
        assertThat(PassPostponement.checkPostponement(NOT_STARTED, parse("2027-03-30"), afterStart)).isEmpty();
        assertRejected(PassPostponement.checkPostponement(NOT_STARTED, parse("2027-03-31"), afterStart),
                "PASS-14", "HIRING_AFTER_PASS_END", "hiringStartDate");
        assertThat(PassPostponement.postponed(NOT_STARTED, parse("2025-06-01"), afterStart)).isSameAs(NOT_STARTED);
    }
}
