package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class NttTest {

    private static final String FIELD = "person.ntt";
    private static final String SIREN = "441987658";

    @Test
    void ID_21_spec_example_is_accepted() {
        assertThat(Ntt.parse("1441987658A7F3", "M", SIREN, FIELD).orThrow().value()).isEqualTo("1441987658A7F3");
    }

    @Test
    void ID_21_spaces_are_removed_and_unknown_context_is_not_checked() {
        assertThat(Ntt.parse("2 441987658 A7F3", null, null, FIELD).orThrow().value()).isEqualTo("2441987658A7F3");
    }

    @ParameterizedTest
    @ValueSource(strings = {"3441987658A7F3", "1441987658", "1441987658A7F3-", "1441987658É"})
    void ID_21_other_shapes_are_refused(String ntt) {
        Rejection rejection = rejectionOf(Ntt.parse(ntt, null, null, FIELD));

        assertThat(rejection.rule()).isEqualTo("ID-21");
        assertThat(rejection.code()).isEqualTo("INVALID_INPUT");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void ID_21_length_40_is_the_maximum() {
        String ntt = "1" + SIREN + "A".repeat(30);

        assertThat(Ntt.parse(ntt, null, null, FIELD).isValid()).isTrue();
        assertThat(Ntt.parse(ntt + "A", null, null, FIELD).isValid()).isFalse();
    }

    @Test
    void ID_21_first_character_must_match_the_civility() {
        assertThat(rejectionOf(Ntt.parse("1441987658A7F3", "MME", SIREN, FIELD)).rule()).isEqualTo("ID-21");
        assertThat(Ntt.parse("2441987658A7F3", "MME", SIREN, FIELD).isValid()).isTrue();
    }

    @Test
    void ID_21_must_carry_the_siren_of_the_hiring_employer() {
        Rejection rejection = rejectionOf(Ntt.parse("1441987658A7F3", "M", "523118743", FIELD));

        assertThat(rejection.rule()).isEqualTo("ID-21");
        assertThat(rejection.message()).doesNotContain("1441987658A7F3");
    }

    @Test
    void ID_10_ntt_shows_masked() {
        assertThat(Ntt.parse("1441987658A7F3", null, null, FIELD).orThrow()).hasToString("1**************");
    }
}
