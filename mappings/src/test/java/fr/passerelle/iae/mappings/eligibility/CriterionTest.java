package fr.passerelle.iae.mappings.eligibility;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

class CriterionTest {

    private static final String FIELD = "eligibility.criteria";

    @Test
    void ELIG_02_levels_follow_the_spec_table() {
        assertThat(Arrays.stream(Criterion.values()).filter(c -> c.level() == 1))
                .containsExactly(Criterion.RSA, Criterion.ASS, Criterion.AAH, Criterion.DETLD);
        assertThat(Criterion.values()).hasSize(18).allSatisfy(c -> assertThat(c.level()).isBetween(1, 2));
    }

    @Test
    void ELIG_03_codes_are_exactly_those_of_the_spec() {
        assertThat(Arrays.stream(Criterion.values()).map(Criterion::name)).containsExactly(
                "RSA", "ASS", "AAH", "DETLD", "CAP_BEP", "SENIOR", "JEUNE", "ASE", "DELD", "TH", "PI", "PSH_PR",
                "REF_DA", "ZRR", "QPV", "DETENTION_MJ", "FLE", "PM");
        assertThat(Criterion.PSH_PR.label()).isEqualTo("Personne sans hébergement ou hébergée ou ayant un parcours de rue");
        assertThat(Criterion.DETLD.label()).isEqualTo("DETLD (+ 24 mois)");
    }

    @Test
    void ELIG_03_known_codes_are_parsed_once_each() {
        assertThat(Criterion.parseAll(List.of("QPV", "RSA", "QPV"), FIELD).orThrow())
                .containsExactlyInAnyOrder(Criterion.RSA, Criterion.QPV);
    }

    @Test
    void ELIG_03_absent_list_means_no_criterion() {
        assertThat(Criterion.parseAll(null, FIELD).orThrow()).isEmpty();
    }

    @Test
    void ELIG_03_unknown_code_is_refused_with_its_position() {
        Rejection rejection = rejectionOf(Criterion.parseAll(List.of("RSA", "QPV", "rsa"), FIELD));

        assertThat(rejection.rule()).isEqualTo("ELIG-03");
        assertThat(rejection.code()).isEqualTo("UNKNOWN_CRITERION");
        assertThat(rejection.field()).isEqualTo("eligibility.criteria[2]");
    }

    @Test
    void ELIG_03_null_code_is_unknown() {
        assertThat(rejectionOf(Criterion.parseAll(Arrays.asList("RSA", null), FIELD)).field())
                .isEqualTo("eligibility.criteria[1]");
    }

    @Test
    void ELIG_03_senior_and_jeune_together_are_refused() {
        Rejection rejection = rejectionOf(Criterion.parseAll(List.of("JEUNE", "QPV", "SENIOR"), FIELD));

        assertThat(rejection.rule()).isEqualTo("ELIG-03");
        assertThat(rejection.code()).isEqualTo("FORBIDDEN_CRITERIA_COMBINATION");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void ELIG_03_detld_and_deld_together_are_refused() {
        assertThat(rejectionOf(Criterion.parseAll(List.of("DETLD", "DELD"), FIELD)).code())
                .isEqualTo("FORBIDDEN_CRITERIA_COMBINATION");
    }
}
