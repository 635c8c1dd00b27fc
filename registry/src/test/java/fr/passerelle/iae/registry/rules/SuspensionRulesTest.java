package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import org.junit.jupiter.api.Test;

class SuspensionRulesTest {

    static final LocalDate PASS_START = parse("2025-01-06");
    static final LocalDate PASS_END = parse("2027-01-05");
    static final LocalDate TODAY = parse("2025-07-01");

    static SuspensionContext ctx(LocalDate today, List<DateRange> existing) {
        return new SuspensionContext(PASS_START, PASS_END, existing, PASS_START, true, EmployerKind.ACI, today);
    }

    static Optional<Rejection> check(String start, String end, SuspensionContext ctx) {
        return SuspensionRules.checkNew(range(start, end), SuspensionReason.CONTRACT_BROKEN, ctx);
    }

    static DateRange range(String start, String end) {
        return new DateRange(parse(start), parse(end));
    }

    @Test
    void SUSP_01_one_day_is_allowed_end_before_start_is_not() {
        assertThat(check("2025-06-01", "2025-06-01", ctx(TODAY, List.of()))).isEmpty();
        assertRejected(check("2025-06-02", "2025-06-01", ctx(TODAY, List.of())), "SUSP-01", "INVALID_INPUT", "endDate");
    }

    @Test
    void SUSP_02_start_2025_06_01_ends_at_most_2028_05_31() {
        assertThat(SuspensionRules.maxEnd(parse("2025-06-01"))).isEqualTo(parse("2028-05-31"));
        assertThat(check("2025-06-01", "2028-05-31", ctx(TODAY, List.of()))).isEmpty();
        assertRejected(check("2025-06-01", "2028-06-01", ctx(TODAY, List.of())), "SUSP-02", "SUSPENSION_TOO_LONG", "endDate");
    }

    @Test
    void SUSP_02_consecutive_suspensions_are_allowed() {
        List<DateRange> previous = List.of(range("2025-05-01", "2025-05-31"));
        assertThat(check("2025-06-01", "2025-12-31", ctx(TODAY, previous))).isEmpty();
    }

    @Test
    void SUSP_03_start_today_at_the_latest_end_may_be_in_the_future() {
        assertThat(check("2025-07-01", "2025-12-31", ctx(TODAY, List.of()))).isEmpty();
        assertRejected(check("2025-07-02", "2025-12-31", ctx(TODAY, List.of())), "SUSP-03", "SUSPENSION_IN_FUTURE", "startDate");
    }

    @Test
    void SUSP_04_start_at_most_365_days_back() {
        SuspensionContext oldPass = new SuspensionContext(parse("2024-01-08"), PassDates.endFor(parse("2024-01-08")),
                List.of(), parse("2024-01-08"), true, EmployerKind.EI, TODAY);
        assertThat(SuspensionRules.checkNew(range("2024-07-01", "2024-12-31"), SuspensionReason.FINISHED_CONTRACT, oldPass)).isEmpty();
        assertRejected(SuspensionRules.checkNew(range("2024-06-30", "2024-12-31"), SuspensionReason.FINISHED_CONTRACT, oldPass),
                "SUSP-04", "SUSPENSION_TOO_OLD", "startDate");
    }

    @Test
    void SUSP_05_start_within_the_pass() {
        assertThat(check("2025-01-06", "2025-01-31", ctx(TODAY, List.of()))).isEmpty();
        assertRejected(check("2025-01-05", "2025-01-31", ctx(TODAY, List.of())), "SUSP-05", "SUSPENSION_OUTSIDE_PASS", "startDate");
    }

    @Test
    void SUSP_06_after_the_last_ended_suspension() {
        List<DateRange> ended = List.of(range("2025-02-01", "2025-02-28"), range("2025-03-01", "2025-03-31"));
        assertThat(SuspensionRules.minStart(ctx(TODAY, ended))).isEqualTo(parse("2025-04-01"));
        assertThat(check("2025-04-01", "2025-09-30", ctx(TODAY, ended))).isEmpty();
        assertRejected(check("2025-03-31", "2025-09-30", ctx(TODAY, ended)), "SUSP-06", "SUSPENSION_TOO_OLD", "startDate");
    }

    @Test
    void SUSP_06_without_ended_suspension_from_the_last_siae_hire() {
        SuspensionContext laterHire = new SuspensionContext(PASS_START, PASS_END, List.of(), parse("2025-02-10"), true,
                EmployerKind.AI, TODAY);
        assertThat(check("2025-02-10", "2025-09-30", laterHire)).isEmpty();
        assertRejected(check("2025-02-09", "2025-09-30", laterHire), "SUSP-06", "SUSPENSION_TOO_OLD", "startDate");
    }

    @Test
    void SUSP_06_an_ended_suspension_takes_precedence_over_the_hire() {
        SuspensionContext ctx = new SuspensionContext(PASS_START, PASS_END, List.of(range("2025-01-10", "2025-01-20")),
                parse("2025-03-01"), true, EmployerKind.ACI, TODAY);
        assertThat(check("2025-01-21", "2025-09-30", ctx)).isEmpty();
    }

    @Test
    void SUSP_07_no_overlap_bounds_inclusive() {
        List<DateRange> later = List.of(range("2025-07-02", "2025-07-10"));
        assertThat(check("2025-06-15", "2025-07-01", ctx(TODAY, later))).isEmpty();
        assertRejected(check("2025-06-15", "2025-07-02", ctx(TODAY, later)), "SUSP-07", "SUSPENSION_OVERLAP", "startDate");
    }

    @Test
    void SUSP_08_only_the_last_siae_employer() {
        SuspensionContext other = new SuspensionContext(PASS_START, PASS_END, List.of(), PASS_START, false, EmployerKind.ACI, TODAY);
        assertRejected(check("2025-06-01", "2025-06-30", other), "SUSP-08", "NOT_LAST_EMPLOYER", "siret");
    }

    @Test
    void SUSP_08_contrat_passerelle_for_ei_and_aci_only() {
        DateRange june = range("2025-06-01", "2025-06-30");
        for (EmployerKind kind : EmployerKind.values()) {
            SuspensionContext c = new SuspensionContext(PASS_START, PASS_END, List.of(), PASS_START, true, kind, TODAY);
            Optional<Rejection> r = SuspensionRules.checkNew(june, SuspensionReason.CONTRAT_PASSERELLE, c);
            if (kind == EmployerKind.EI || kind == EmployerKind.ACI) {
                assertThat(r).as(kind.name()).isEmpty();
            } else if (kind.siae()) {
                assertRejected(r, "SUSP-08", "REASON_NOT_ALLOWED_FOR_KIND", "reason");
            } else {
                assertRejected(r, "SUSP-08", "NOT_LAST_EMPLOYER", "siret");
            }
        }
    }

    @Test
    void SUSP_08_pass_must_be_in_progress() {
        assertRejected(check("2025-01-05", "2025-01-31", ctx(parse("2025-01-05"), List.of())),
                "SUSP-08", "SUSPENSION_OUTSIDE_PASS", null);
        assertRejected(check("2027-01-05", "2027-01-31", ctx(parse("2027-01-06"), List.of())),
                "SUSP-08", "SUSPENSION_OUTSIDE_PASS", null);
        assertThat(check("2027-01-05", "2027-01-31", ctx(PASS_END, List.of()))).isEmpty();
    }

    @Test
    void SUSP_08_pass_must_not_be_suspended_today() {
        List<DateRange> running = List.of(range("2025-06-01", "2025-07-01"));
        assertRejected(check("2025-07-01", "2025-07-31", ctx(TODAY, running)), "SUSP-08", "SUSPENSION_OVERLAP", null);
    }

    @Test
    void SUSP_09_legacy_reasons_refused_for_new_suspensions() {
        List<SuspensionReason> legacy = List.of(SuspensionReason.SICKNESS, SuspensionReason.MATERNITY,
                SuspensionReason.INCARCERATION, SuspensionReason.TRIAL_OUTSIDE_IAE, SuspensionReason.DETOXIFICATION,
                SuspensionReason.FORCE_MAJEURE);
        for (SuspensionReason reason : legacy) {
            assertRejected(SuspensionRules.checkNew(range("2025-06-01", "2025-06-30"), reason, ctx(TODAY, List.of())),
                    "SUSP-09", "INVALID_INPUT", "reason");
        }
        assertThat(Arrays.stream(SuspensionReason.values()).filter(SuspensionReason::usableForNew)).hasSize(5);
        assertThat(SuspensionReason.FORCE_MAJEURE.label()).isEqualTo("Raison de force majeure");
    }

    @Test
    void SUSP_10_june_suspension_adds_30_days() {
        DateRange june = range("2025-06-01", "2025-06-30");
        assertThat(SuspensionRules.endWith(PASS_END, june)).isEqualTo(parse("2027-02-04"));
        assertThat(SuspensionRules.endWithout(parse("2027-02-04"), june)).isEqualTo(PASS_END);
    }

    @Test
    void SUSP_10_one_day_suspension_adds_one_day() {
        assertThat(SuspensionRules.endWith(PASS_END, range("2025-06-01", "2025-06-01"))).isEqualTo(parse("2027-01-06"));
    }

    @Test
    void SUSP_10_editing_removes_the_old_count_and_adds_the_new() {
        LocalDate withJune = SuspensionRules.endWith(PASS_END, range("2025-06-01", "2025-06-30"));
        LocalDate edited = SuspensionRules.endWith(SuspensionRules.endWithout(withJune, range("2025-06-01", "2025-06-30")),
                range("2025-06-01", "2025-06-10"));
        assertThat(edited).isEqualTo(parse("2027-01-15"));
    }

    @Test
    void EARLY_END_pulls_the_pass_end_back_by_the_days_given_up() {
        DateRange current = range("2025-06-01", "2025-12-31");
        LocalDate passEnd = SuspensionRules.endWith(PASS_END, current);
        assertThat(SuspensionRules.endAfterEarlyEnd(passEnd, current, parse("2025-09-09")))
                .isEqualTo(SuspensionRules.endWith(PASS_END, range("2025-06-01", "2025-09-09")));
    }

    @Test
    void EARLY_END_between_yesterday_and_the_day_before_the_current_end() {
        DateRange current = range("2025-06-01", "2025-12-31");
        LocalDate today = parse("2025-09-10");
        assertThat(SuspensionRules.checkEarlyEnd(current, parse("2025-09-09"), today)).isEmpty();
        assertThat(SuspensionRules.checkEarlyEnd(current, parse("2025-12-30"), today)).isEmpty();
        assertRejected(SuspensionRules.checkEarlyEnd(current, parse("2025-12-31"), today), "SUSP-01", "INVALID_INPUT", "endDate");
        assertRejected(SuspensionRules.checkEarlyEnd(current, parse("2026-01-15"), today), "SUSP-01", "INVALID_INPUT", "endDate");
        assertRejected(SuspensionRules.checkEarlyEnd(current, parse("2025-09-08"), today), "PASS-23", "INVALID_INPUT", "endDate");
    }

    @Test
    void EARLY_END_SUSP_01_not_before_the_start() {
        DateRange startedToday = range("2025-09-10", "2025-12-31");
        LocalDate today = parse("2025-09-10");
        assertThat(SuspensionRules.checkEarlyEnd(startedToday, today, today)).isEmpty();
        assertRejected(SuspensionRules.checkEarlyEnd(startedToday, parse("2025-09-09"), today), "SUSP-01", "INVALID_INPUT", "endDate");
    }

    @Test
    void EARLY_END_SUSP_08_an_ended_suspension_cannot_be_ended_again() {
        assertRejected(SuspensionRules.checkEarlyEnd(range("2025-06-01", "2025-06-30"), parse("2025-06-15"), TODAY),
                "SUSP-08", "INVALID_INPUT", "endDate");
    }

    @Test
    void EARLY_END_SUSP_09_legacy_suspension_cannot_be_edited() {
        DateRange current = range("2025-06-01", "2025-12-31");
        assertRejected(SuspensionRules.checkEarlyEnd(current, SuspensionReason.SICKNESS, TODAY, TODAY), "SUSP-09", "INVALID_INPUT", "reason");
        assertThat(SuspensionRules.checkEarlyEnd(current, SuspensionReason.CONTRACT_SUSPENDED, TODAY, TODAY)).isEmpty();
    }

    @Test
    void PASS_23_new_hire_cuts_the_suspension_the_day_before() {
        DateRange running = range("2025-06-01", "2025-12-31");
        assertThat(SuspensionRules.cutAtHire(running, parse("2025-07-15"))).contains(range("2025-06-01", "2025-07-14"));
        assertThat(SuspensionRules.cutAtHire(running, parse("2025-06-01"))).isEmpty();
        assertThat(SuspensionRules.cutAtHire(range("2025-06-01", "2025-07-05"), parse("2025-07-15")))
                .contains(range("2025-06-01", "2025-07-05"));
    }

    @Test
    void PASS_23_only_the_five_current_reasons_are_lifted_by_a_hire() {
        for (SuspensionReason reason : SuspensionReason.values()) {
            assertThat(reason.liftedByNewHire()).as(reason.name()).isEqualTo(reason.usableForNew());
        }
        assertThat(SuspensionReason.CONTRACT_SUSPENDED.liftedByNewHire()).isTrue();
        assertThat(SuspensionReason.MATERNITY.liftedByNewHire()).isFalse();
    }
}
