package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class NirTest {

    private static final String FIELD = "person.nir";

    @ParameterizedTest
    @CsvSource({
            "290043523805128, 290043523805128",
            "'2 90 04 35 238 051 28', 290043523805128",
            "168072A00401757, 168072A00401757",
            "158012a00423341, 158012A00423341",
            "275032B03311220, 275032B03311220",
            "185119935012328, 185119935012328",
            "193319921600421, 193319921600421",
            "392067505601758, 392067505601758",
            "788109913400849, 788109913400849"})
    void ID_01_to_ID_05_spec_vectors_are_accepted_and_normalised(String raw, String normalised) {
        assertThat(Nir.parse(raw, FIELD).orThrow().value()).isEqualTo(normalised);
    }

    @ParameterizedTest
    @CsvSource({
            "29004352380512, ID-01",
            "590043523805172, ID-02",
            "1680720C0401700, ID-02",
            "290143523805191, ID-03",
            "290003523805161, ID-03",
            "290043523805129, ID-04",
            "269054958815780, ID-05"})
    void ID_01_to_ID_05_spec_vectors_are_refused_by_the_rule_that_fails(String raw, String rule) {
        Rejection rejection = rejectionOf(Nir.parse(raw, FIELD));

        assertThat(rejection.rule()).isEqualTo(rule);
        assertThat(rejection.code()).isEqualTo("INVALID_NIR");
        assertThat(rejection.field()).isEqualTo(FIELD);
    }

    @Test
    void ID_01_missing_nir_is_refused() {
        assertThat(rejectionOf(Nir.parse(null, FIELD)).rule()).isEqualTo("ID-01");
    }

    @Test
    void ID_04_key_mismatch_is_refused() {
        assertThat(rejectionOf(Nir.parse("290043523805129", FIELD)).rule()).isEqualTo("ID-04");
    }

    @Test
    void ID_06_civility_must_agree_with_the_sex_digit() {
        assertThat(Nir.parse("290043523805128", "MME", null, FIELD).isValid()).isTrue();
        assertThat(Nir.parse("168072A00401757", "M", null, FIELD).isValid()).isTrue();
        assertThat(rejectionOf(Nir.parse("290043523805128", "M", null, FIELD)).rule()).isEqualTo("ID-06");
        assertThat(rejectionOf(Nir.parse("788109913400849", "MME", null, FIELD)).rule()).isEqualTo("ID-06");
    }

    @Test
    void ID_06_real_month_must_agree_with_the_birth_date() {
        assertThat(Nir.parse("290043523805128", null, LocalDate.of(1990, 4, 17), FIELD).isValid()).isTrue();
        Rejection rejection = rejectionOf(Nir.parse("290043523805128", null, LocalDate.of(1990, 5, 17), FIELD));

        assertThat(rejection.rule()).isEqualTo("ID-06");
        assertThat(rejection.code()).isEqualTo("INVALID_NIR");
    }

    @Test
    void ID_06_fictitious_month_only_compares_the_year() {
        assertThat(Nir.parse("193319921600421", "M", LocalDate.of(1993, 11, 2), FIELD).isValid()).isTrue();
        assertThat(rejectionOf(Nir.parse("193319921600421", "M", LocalDate.of(1994, 11, 2), FIELD)).rule())
                .isEqualTo("ID-06");
    }

    @Test
    void ID_06_temporary_numbers_are_not_compared_with_the_birth_date() {
        assertThat(Nir.parse("392067505601758", "M", LocalDate.of(1970, 1, 1), FIELD).isValid()).isTrue();
    }

    @Test
    void ID_06_earlier_rules_still_apply() {
        assertThat(rejectionOf(Nir.parse("290043523805129", "MME", null, FIELD)).rule()).isEqualTo("ID-04");
    }

    @Test
    void ID_06_civility_is_read_from_the_sex_digit() {
        assertThat(nir("168072A00401757").civility()).isEqualTo("M");
        assertThat(nir("392067505601758").civility()).isEqualTo("M");
        assertThat(nir("290043523805128").civility()).isEqualTo("MME");
    }

    @Test
    void ID_07_numbers_starting_with_7_or_8_are_accepted_but_unreliable() {
        Nir temporary = nir("788109913400849");

        assertThat(temporary.unreliable()).isTrue();
        assertThat(temporary.birthPlace()).isEmpty();
        assertThat(nir("392067505601758").unreliable()).isFalse();
    }

    @Test
    void ID_08_birth_place_in_france_is_the_commune() {
        assertThat(nir("290043523805128").birthPlace()).contains(new BirthPlace("100", "35238"));
        assertThat(nir("168072A00401757").birthPlace()).contains(new BirthPlace("100", "2A004"));
        assertThat(nir("275032B03311220").birthPlace()).contains(new BirthPlace("100", "2B033"));
    }

    @Test
    void ID_08_birth_place_abroad_is_the_country() {
        assertThat(nir("185119935012328").birthPlace()).contains(new BirthPlace("350", null));
    }

    @Test
    void ID_10_nir_shows_masked() {
        Nir nir = nir("290043523805128");

        assertThat(nir.masked()).isEqualTo("2**************");
        assertThat(nir).hasToString("2**************");
    }

    @Test
    void ID_10_rejection_messages_do_not_carry_the_nir() {
        Rejection rejection = rejectionOf(Nir.parse("290043523805129", "M", LocalDate.of(1990, 4, 1), FIELD));

        assertThat(rejection.message()).isNotBlank().doesNotContain("290043523805129").doesNotContain("29004");
    }

    private static Nir nir(String value) {
        return Nir.parse(value, FIELD).orThrow();
    }
}
