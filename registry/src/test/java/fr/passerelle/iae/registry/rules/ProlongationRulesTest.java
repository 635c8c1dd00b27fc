package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import java.util.Optional;
import java.util.OptionalInt;
import org.junit.jupiter.api.Test;

class ProlongationRulesTest {

    static final LocalDate PASS_END = parse("2027-01-05");
    static final LocalDate TODAY = parse("2026-06-01");

    static ProlongationContext ctx(LocalDate today, long alreadyProlonged) {
        return new ProlongationContext(PASS_END, true, false, alreadyProlonged, true, EmployerKind.ACI, true, today);
    }

    static Optional<Rejection> check(String end, ProlongationReason reason, ProlongationContext ctx) {
        return ProlongationRules.checkNew(PASS_END, parse(end), reason, ctx);
    }

    @Test
    void PROL_01_duration_is_half_open() {
        assertThat(ProlongationRules.days(parse("2027-01-05"), parse("2028-01-05"))).isEqualTo(365);
        assertThat(ProlongationRules.days(parse("2027-01-05"), parse("2027-01-06"))).isEqualTo(1);
    }

    @Test
    void PROL_01_starts_exactly_on_the_pass_end() {
        assertThat(check("2027-01-06", ProlongationReason.COMPLETE_TRAINING, ctx(TODAY, 0))).isEmpty();
        assertRejected(ProlongationRules.checkNew(parse("2027-01-06"), parse("2027-06-01"), ProlongationReason.COMPLETE_TRAINING,
                ctx(TODAY, 0)), "PROL-01", "PROLONGATION_NOT_AT_END", "startDate");
        assertRejected(check("2027-01-05", ProlongationReason.COMPLETE_TRAINING, ctx(TODAY, 0)), "PROL-01", "INVALID_INPUT", "endDate");
    }

    @Test
    void PROL_worked_example_rqth_ends_at_the_latest_on_2028_01_05() {
        assertThat(ProlongationRules.maxEnd(PASS_END, ProlongationReason.RQTH, 0)).isEqualTo(parse("2028-01-05"));
        assertThat(check("2028-01-05", ProlongationReason.RQTH, ctx(TODAY, 0))).isEmpty();
        assertRejected(check("2028-01-06", ProlongationReason.RQTH, ctx(TODAY, 0)), "PROL-02", "PROLONGATION_TOO_LONG", "endDate");
    }

    @Test
    void PROL_02_after_900_days_at_most_195_days_of_rqth() {
        assertThat(ProlongationRules.maxEnd(PASS_END, ProlongationReason.RQTH, 900)).isEqualTo(PASS_END.plusDays(195));
        assertThat(check(PASS_END.plusDays(195).toString(), ProlongationReason.RQTH, ctx(TODAY, 900))).isEmpty();
        assertRejected(check(PASS_END.plusDays(196).toString(), ProlongationReason.RQTH, ctx(TODAY, 900)),
                "PROL-02", "PROLONGATION_CAP_REACHED", "endDate");
    }

    @Test
    void PROL_02_caps_count_all_reasons_and_differ_per_reason() {
        assertThat(check(PASS_END.plusDays(365).toString(), ProlongationReason.SENIOR, ctx(TODAY, 900))).isEmpty();
        assertRejected(check(PASS_END.plusDays(1).toString(), ProlongationReason.PARTICULAR_DIFFICULTIES, ctx(TODAY, 1095)),
                "PROL-02", "PROLONGATION_CAP_REACHED", "endDate");
        assertThat(ProlongationRules.maxEnd(PASS_END, ProlongationReason.RQTH, 1200)).isEqualTo(PASS_END);
    }

    @Test
    void PROL_02_senior_cdi_up_to_3650_days_without_cap() {
        assertThat(check(PASS_END.plusDays(3650).toString(), ProlongationReason.SENIOR_CDI, ctx(TODAY, 5000))).isEmpty();
        assertRejected(check(PASS_END.plusDays(3651).toString(), ProlongationReason.SENIOR_CDI, ctx(TODAY, 0)),
                "PROL-02", "PROLONGATION_TOO_LONG", "endDate");
        assertRejected(check(PASS_END.plusDays(366).toString(), ProlongationReason.COMPLETE_TRAINING, ctx(TODAY, 0)),
                "PROL-02", "PROLONGATION_TOO_LONG", "endDate");
    }

    @Test
    void PROL_02_table_values() {
        assertThat(ProlongationReason.RQTH.cumulativeCapDays()).isEqualTo(OptionalInt.of(1095));
        assertThat(ProlongationReason.SENIOR.cumulativeCapDays()).isEqualTo(OptionalInt.of(1825));
        assertThat(ProlongationReason.PARTICULAR_DIFFICULTIES.cumulativeCapDays()).isEqualTo(OptionalInt.of(1095));
        assertThat(ProlongationReason.SENIOR_CDI.cumulativeCapDays()).isEmpty();
        assertThat(ProlongationReason.COMPLETE_TRAINING.cumulativeCapDays()).isEmpty();
        assertThat(ProlongationReason.SENIOR_CDI.maxDays()).isEqualTo(3650);
    }

    @Test
    void PROL_03_worked_example_window_2026_01_05_to_2027_07_05() {
        assertThat(ProlongationRules.declarationWindow(PASS_END)).isEqualTo(new DateRange(parse("2026-01-05"), parse("2027-07-05")));
        assertThat(check("2027-06-01", ProlongationReason.COMPLETE_TRAINING, ctx(parse("2026-01-05"), 0))).isEmpty();
        assertThat(check("2027-06-01", ProlongationReason.COMPLETE_TRAINING, ctx(parse("2027-07-05"), 0))).isEmpty();
        assertRejected(check("2027-06-01", ProlongationReason.COMPLETE_TRAINING, ctx(parse("2026-01-04"), 0)),
                "PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null);
        assertRejected(check("2027-06-01", ProlongationReason.COMPLETE_TRAINING, ctx(parse("2027-07-06"), 0)),
                "PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null);
    }

    @Test
    void PROL_03_only_the_latest_pass_and_not_while_suspended() {
        ProlongationContext notLatest = new ProlongationContext(PASS_END, false, false, 0, true, EmployerKind.ACI, true, TODAY);
        ProlongationContext suspended = new ProlongationContext(PASS_END, true, true, 0, true, EmployerKind.ACI, true, TODAY);
        assertRejected(check("2027-06-01", ProlongationReason.SENIOR_CDI, notLatest), "PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null);
        assertRejected(check("2027-06-01", ProlongationReason.SENIOR_CDI, suspended), "PROL-03", "PROLONGATION_OUTSIDE_WINDOW", null);
    }

    @Test
    void PROL_04_declarant_needs_a_hire_on_this_pass() {
        ProlongationContext noHire = new ProlongationContext(PASS_END, true, false, 0, false, EmployerKind.ACI, true, TODAY);
        assertRejected(check("2027-06-01", ProlongationReason.SENIOR_CDI, noHire), "PROL-04", "NOT_LAST_EMPLOYER", "siret");
    }

    @Test
    void PROL_04_particular_difficulties_for_ai_and_aci_only() {
        for (EmployerKind kind : new EmployerKind[] {EmployerKind.AI, EmployerKind.ACI}) {
            ProlongationContext c = new ProlongationContext(PASS_END, true, false, 0, true, kind, true, TODAY);
            assertThat(check("2027-06-01", ProlongationReason.PARTICULAR_DIFFICULTIES, c)).as(kind.name()).isEmpty();
        }
        for (EmployerKind kind : new EmployerKind[] {EmployerKind.EI, EmployerKind.ETTI, EmployerKind.EITI}) {
            ProlongationContext c = new ProlongationContext(PASS_END, true, false, 0, true, kind, true, TODAY);
            assertRejected(check("2027-06-01", ProlongationReason.PARTICULAR_DIFFICULTIES, c),
                    "PROL-04", "REASON_NOT_ALLOWED_FOR_KIND", "reason");
        }
    }

    @Test
    void PROL_05_rqth_senior_particular_difficulties_need_an_authorised_prescriber() {
        ProlongationContext alone = new ProlongationContext(PASS_END, true, false, 0, true, EmployerKind.AI, false, TODAY);
        for (ProlongationReason reason : new ProlongationReason[] {ProlongationReason.RQTH, ProlongationReason.SENIOR,
                ProlongationReason.PARTICULAR_DIFFICULTIES}) {
            assertRejected(check("2027-06-01", reason, alone), "PROL-05", "PRESCRIBER_VALIDATION_REQUIRED", "validatedBy");
        }
        assertThat(check("2027-06-01", ProlongationReason.SENIOR_CDI, alone)).isEmpty();
        assertThat(check("2027-06-01", ProlongationReason.COMPLETE_TRAINING, alone)).isEmpty();
    }

    @Test
    void PROL_05_health_context_is_history_only() {
        assertRejected(check("2027-06-01", ProlongationReason.HEALTH_CONTEXT, ctx(TODAY, 0)), "PROL-05", "INVALID_INPUT", "reason");
        assertThat(ProlongationReason.HEALTH_CONTEXT.allowedFor(EmployerKind.ACI)).isFalse();
    }
}
