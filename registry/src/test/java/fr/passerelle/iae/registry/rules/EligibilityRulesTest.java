package fr.passerelle.iae.registry.rules;

import static fr.passerelle.iae.mappings.eligibility.Criterion.CAP_BEP;
import static fr.passerelle.iae.mappings.eligibility.Criterion.DELD;
import static fr.passerelle.iae.mappings.eligibility.Criterion.DETLD;
import static fr.passerelle.iae.mappings.eligibility.Criterion.JEUNE;
import static fr.passerelle.iae.mappings.eligibility.Criterion.PI;
import static fr.passerelle.iae.mappings.eligibility.Criterion.QPV;
import static fr.passerelle.iae.mappings.eligibility.Criterion.RSA;
import static fr.passerelle.iae.mappings.eligibility.Criterion.SENIOR;
import static fr.passerelle.iae.registry.rules.RejectionAssert.assertRejected;
import static java.time.LocalDate.parse;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.eligibility.Criterion;
import java.time.LocalDate;
import java.util.Set;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class EligibilityRulesTest {

    static final String SIRET = "73282932000074";
    static final LocalDate CREATED = parse("2025-03-05");
    static final LocalDate TODAY = parse("2025-03-10");

    static Diagnosis prescriber(Set<Criterion> criteria) {
        return new Diagnosis(DiagnosisAuthor.AUTHORIZED_PRESCRIBER, "FT", criteria, CREATED, null);
    }

    static Diagnosis employer(EmployerKind kind, Set<Criterion> criteria) {
        return new Diagnosis(DiagnosisAuthor.EMPLOYER, null, criteria, CREATED, SIRET, kind);
    }

    @Test
    void ELIG_04_prescriber_diagnosis_created_2025_03_05_valid_through_2025_09_04() {
        Diagnosis d = prescriber(Set.of());
        assertThat(d.expiresOn()).isEqualTo(parse("2025-09-05"));
        assertThat(d.validOn(parse("2025-09-04"))).isTrue();
        assertThat(d.validOn(parse("2025-09-05"))).isFalse();
        assertThat(EligibilityRules.checkForIssuance(d, EmployerKind.AI, SIRET, parse("2025-09-04"))).isEmpty();
        assertRejected(EligibilityRules.checkForIssuance(d, EmployerKind.AI, SIRET, parse("2025-09-05")),
                "ELIG-04", "DIAGNOSIS_EXPIRED", "eligibility.diagnosedOn");
    }

    @Test
    void ELIG_04_siae_diagnosis_created_2025_03_05_valid_through_2025_06_04() {
        Diagnosis d = employer(EmployerKind.ACI, Set.of(RSA));
        assertThat(d.expiresOn()).isEqualTo(parse("2025-06-05"));
        assertThat(d.validOn(parse("2025-06-04"))).isTrue();
        assertThat(EligibilityRules.checkForIssuance(d, EmployerKind.ACI, SIRET, parse("2025-06-04"))).isEmpty();
        assertRejected(EligibilityRules.checkForIssuance(d, EmployerKind.ACI, SIRET, parse("2025-06-05")),
                "ELIG-04", "DIAGNOSIS_EXPIRED", "eligibility.diagnosedOn");
    }

    @Test
    void ELIG_04_six_calendar_months_from_a_month_end() {
        Diagnosis d = new Diagnosis(DiagnosisAuthor.AUTHORIZED_PRESCRIBER, "ML", Set.of(), parse("2025-08-31"), null);
        assertThat(d.expiresOn()).isEqualTo(parse("2026-02-28"));
        assertThat(d.validOn(parse("2026-02-27"))).isTrue();
        assertThat(d.validOn(parse("2026-02-28"))).isFalse();
    }

    @Test
    void ELIG_02_prescriber_diagnosis_needs_no_criterion() {
        for (EmployerKind kind : new EmployerKind[] {EmployerKind.ACI, EmployerKind.AI, EmployerKind.EI,
                EmployerKind.ETTI, EmployerKind.EITI}) {
            assertThat(EligibilityRules.checkForIssuance(prescriber(Set.of()), kind, SIRET, TODAY)).isEmpty();
        }
    }

    @ParameterizedTest
    @EnumSource(value = EmployerKind.class, names = {"ACI", "EI", "EITI"})
    void ELIG_02_aci_ei_eiti_need_three_level_2_criteria(EmployerKind kind) {
        assertRejected(EligibilityRules.checkForIssuance(employer(kind, Set.of(CAP_BEP, PI)), kind, SIRET, TODAY),
                "ELIG-02", "INSUFFICIENT_CRITERIA", "eligibility.criteria");
        assertThat(EligibilityRules.checkForIssuance(employer(kind, Set.of(CAP_BEP, PI, QPV)), kind, SIRET, TODAY)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = EmployerKind.class, names = {"AI", "ETTI"})
    void ELIG_02_ai_etti_need_two_level_2_criteria(EmployerKind kind) {
        assertRejected(EligibilityRules.checkForIssuance(employer(kind, Set.of(CAP_BEP)), kind, SIRET, TODAY),
                "ELIG-02", "INSUFFICIENT_CRITERIA", "eligibility.criteria");
        assertThat(EligibilityRules.checkForIssuance(employer(kind, Set.of(CAP_BEP, PI)), kind, SIRET, TODAY)).isEmpty();
    }

    @ParameterizedTest
    @EnumSource(value = EmployerKind.class, names = {"ACI", "AI", "EI", "ETTI", "EITI"})
    void ELIG_02_one_level_1_criterion_is_enough_none_is_not(EmployerKind kind) {
        assertThat(EligibilityRules.checkForIssuance(employer(kind, Set.of(RSA)), kind, SIRET, TODAY)).isEmpty();
        assertThat(EligibilityRules.checkForIssuance(employer(kind, Set.of(DETLD)), kind, SIRET, TODAY)).isEmpty();
        assertRejected(EligibilityRules.checkForIssuance(employer(kind, Set.of()), kind, SIRET, TODAY),
                "ELIG-02", "INSUFFICIENT_CRITERIA", "eligibility.criteria");
    }

    @Test
    void ELIG_03_senior_with_jeune_and_detld_with_deld_are_forbidden_even_for_a_prescriber() {
        assertRejected(EligibilityRules.checkForIssuance(prescriber(Set.of(SENIOR, JEUNE)), EmployerKind.ACI, SIRET, TODAY),
                "ELIG-03", "FORBIDDEN_CRITERIA_COMBINATION", "eligibility.criteria");
        assertRejected(EligibilityRules.checkForIssuance(employer(EmployerKind.AI, Set.of(DETLD, DELD)), EmployerKind.AI, SIRET, TODAY),
                "ELIG-03", "FORBIDDEN_CRITERIA_COMBINATION", "eligibility.criteria");
    }

    @Test
    void ELIG_06_prescriber_diagnosis_is_usable_by_any_siae() {
        assertThat(EligibilityRules.checkForIssuance(prescriber(Set.of()), EmployerKind.EI, "44198765800016", TODAY)).isEmpty();
    }

    @Test
    void ELIG_06_siae_diagnosis_only_for_the_siae_that_wrote_it() {
        Diagnosis d = employer(EmployerKind.AI, Set.of(RSA));
        assertThat(EligibilityRules.checkForIssuance(d, EmployerKind.AI, SIRET, TODAY)).isEmpty();
        assertRejected(EligibilityRules.checkForIssuance(d, EmployerKind.AI, "44198765800016", TODAY),
                "ELIG-06", "DIAGNOSIS_EXPIRED", "eligibility.author");
        // EMP-10: an ETTI run by the same association shares the SIRET but is another SIAE.
        assertRejected(EligibilityRules.checkForIssuance(d, EmployerKind.ETTI, SIRET, TODAY),
                "ELIG-06", "DIAGNOSIS_EXPIRED", "eligibility.author");
    }

    @Test
    void ELIG_06_author_kind_unknown_compares_siret_only() {
        Diagnosis d = new Diagnosis(DiagnosisAuthor.EMPLOYER, null, Set.of(CAP_BEP, PI), CREATED, SIRET);
        assertThat(EligibilityRules.checkForIssuance(d, EmployerKind.ETTI, SIRET, TODAY)).isEmpty();
        assertRejected(EligibilityRules.checkForIssuance(d, EmployerKind.ETTI, "44198765800016", TODAY),
                "ELIG-06", "DIAGNOSIS_EXPIRED", "eligibility.author");
    }

    @Test
    void PASS_25_non_siae_hire_never_gets_a_pass() {
        assertRejected(EligibilityRules.checkForIssuance(prescriber(Set.of()), EmployerKind.GEIQ, SIRET, TODAY),
                "PASS-25", "EMPLOYER_NOT_SIAE", "employer.kind");
    }

    @Test
    void DIAGNOSIS_criteria_are_copied_and_never_null() {
        assertThat(new Diagnosis(DiagnosisAuthor.AUTHORIZED_PRESCRIBER, "FT", null, CREATED, null).criteria()).isEmpty();
    }
}
