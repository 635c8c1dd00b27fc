package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatIllegalArgumentException;

import fr.passerelle.iae.mappings.Rejection;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

class PassNumberTest {

    private static final String FIELD = "pass.number";

    @Test
    void PASS_01_twelve_letters_or_digits_are_accepted() {
        assertThat(PassNumber.parse("999990012345", FIELD).orThrow().value()).isEqualTo("999990012345");
        assertThat(PassNumber.parse("XXXXX0000001", FIELD).orThrow().value()).isEqualTo("XXXXX0000001");
    }

    @ParameterizedTest
    @ValueSource(strings = {"99999001234", "9999900123456", "99999-0012345", "99999001234É", ""})
    void PASS_01_other_shapes_are_refused(String number) {
        Rejection rejection = rejectionOf(PassNumber.parse(number, FIELD));

        assertThat(rejection.rule()).isEqualTo("PASS-01");
        assertThat(rejection.code()).isEqualTo("INVALID_INPUT");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void PASS_02_issued_number_is_prefix_and_zero_padded_counter() {
        assertThat(PassNumber.issued("99999", 12345).value()).isEqualTo("999990012345");
        assertThat(PassNumber.issued("XXXXX", 1).value()).isEqualTo("XXXXX0000001");
        assertThat(PassNumber.issued("XXXXX", 9_999_999).value()).isEqualTo("XXXXX9999999");
    }

    @Test
    void PASS_02_prefix_must_be_five_characters() {
        assertThatIllegalArgumentException().isThrownBy(() -> PassNumber.issued("9999", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> PassNumber.issued("999999", 1));
        assertThatIllegalArgumentException().isThrownBy(() -> PassNumber.issued(null, 1));
    }

    @Test
    void PASS_06_counter_outside_the_seven_digits_is_refused() {
        assertThatIllegalArgumentException().isThrownBy(() -> PassNumber.issued("99999", 0));
        assertThatIllegalArgumentException().isThrownBy(() -> PassNumber.issued("99999", 10_000_000));
    }

    @ParameterizedTest
    @CsvSource({
            "999990012345, 99999, 12345",
            "999992112345, 99999, 2112345",
            "XXXXX0000001, XXXXX, 1",
            "350211900042, 99999, -1",
            "99999001234A, 99999, -1",
            "99999001234, 99999, -1"})
    void PASS_05_counter_tail_counts_every_number_under_the_prefix(String number, String prefix, long tail) {
        assertThat(PassNumber.counterTail(number, prefix)).isEqualTo(tail);
    }

    @Test
    void PASS_07_display_groups_five_two_five() {
        assertThat(PassNumber.parse("999990012345", FIELD).orThrow().display()).isEqualTo("99999 00 12345");
    }

    @Test
    void PASS_07_input_accepts_the_displayed_form() {
        assertThat(PassNumber.parse("99999 00 12345", FIELD).orThrow().value()).isEqualTo("999990012345");
    }

    @Test
    void PASS_08_prefix_tells_issued_numbers_from_agrements() {
        assertThat(PassNumber.issued("99999", 12345).hasPrefix("99999")).isTrue();
        assertThat(PassNumber.parse("350211900042", FIELD).orThrow().hasPrefix("99999")).isFalse();
    }
}
