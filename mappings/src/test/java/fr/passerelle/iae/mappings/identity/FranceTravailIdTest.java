package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class FranceTravailIdTest {

    private static final String FIELD = "person.franceTravailId";

    @ParameterizedTest
    @ValueSource(strings = {"0123456A", "01234567", "10293847561"})
    void ID_30_old_and_new_formats_are_accepted(String id) {
        assertThat(FranceTravailId.parse(id, FIELD).orThrow().value()).isEqualTo(id);
    }

    @ParameterizedTest
    @ValueSource(strings = {"123456A8", "1234567", "123456789012", "1234567É", "1234567ı", ""})
    void ID_30_other_shapes_are_refused(String id) {
        Rejection rejection = rejectionOf(FranceTravailId.parse(id, FIELD));

        assertThat(rejection.rule()).isEqualTo("ID-30");
        assertThat(rejection.code()).isEqualTo("INVALID_FRANCE_TRAVAIL_ID");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void ID_30_missing_id_is_refused() {
        assertThat(rejectionOf(FranceTravailId.parse(null, FIELD)).rule()).isEqualTo("ID-30");
    }

    @Test
    void ID_30_trailing_letter_is_upper_cased() {
        assertThat(FranceTravailId.parse(" 0123456a ", FIELD).orThrow().value()).isEqualTo("0123456A");
    }

    @Test
    void ID_61_placeholder_id_never_matches() {
        assertThat(FranceTravailId.parse("00000000", FIELD).orThrow().matchable()).isFalse();
        assertThat(FranceTravailId.parse("0123456A", FIELD).orThrow().matchable()).isTrue();
    }
}
