package fr.passerelle.iae.mappings.identity;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.LocalDate;
import org.junit.jupiter.api.Test;

class MaskingTest {

    @Test
    void ID_10_nir_keeps_its_first_character_and_hides_its_length() {
        assertThat(Masking.nir("290043523805128")).isEqualTo("2**************");
        assertThat(Masking.nir("29004")).isEqualTo("2**************");
        assertThat(Masking.nir(null)).isNull();
    }

    @Test
    void ID_10_birth_date_is_fully_hidden() {
        assertThat(Masking.birthDate(LocalDate.of(1990, 4, 17))).isEqualTo("****-**-**");
        assertThat(Masking.birthDate("1990-04-17")).isEqualTo("****-**-**");
        assertThat(Masking.birthDate(null)).isNull();
    }

    @Test
    void ID_10_name_keeps_its_first_letter() {
        assertThat(Masking.name("Martin")).isEqualTo("M***");
        assertThat(Masking.name(" Émile")).isEqualTo("É***");
        assertThat(Masking.name(null)).isNull();
    }
}
