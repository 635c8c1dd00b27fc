package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class SiretTest {

    private static final String FIELD = "employer.siret";

    @ParameterizedTest
    @ValueSource(strings = {"73282932000074", "44198765800016", "52311874300013", "90217735100019"})
    void EMP_02_luhn_valid_sirets_are_accepted(String siret) {
        assertThat(Siret.parse(siret, FIELD).orThrow().value()).isEqualTo(siret);
    }

    @ParameterizedTest
    @ValueSource(strings = {"35600000049837", "35600000052176", "35600000000048"})
    void EMP_03_la_poste_sirets_are_accepted_by_digit_sum_or_luhn(String siret) {
        assertThat(Siret.parse(siret, FIELD).isValid()).isTrue();
    }

    @ParameterizedTest
    @CsvSource({
            "73282932000075, EMP-02",
            "35600000049838, EMP-03",
            "7328293200007, EMP-01",
            "7328293200007A, EMP-01"})
    void EMP_01_to_EMP_03_invalid_sirets_are_refused_by_the_rule_that_fails(String siret, String rule) {
        Rejection rejection = rejectionOf(Siret.parse(siret, FIELD));

        assertThat(rejection.rule()).isEqualTo(rule);
        assertThat(rejection.code()).isEqualTo("INVALID_SIRET");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void EMP_01_spaces_are_removed_before_checking() {
        assertThat(Siret.parse("732 829 320 00074", FIELD).orThrow().value()).isEqualTo("73282932000074");
    }

    @Test
    void EMP_01_missing_siret_is_refused() {
        assertThat(rejectionOf(Siret.parse(null, FIELD)).rule()).isEqualTo("EMP-01");
    }

    @Test
    void EMP_04_siren_is_the_first_nine_digits() {
        assertThat(Siret.parse("44198765800016", FIELD).orThrow().siren()).isEqualTo("441987658");
    }
}
