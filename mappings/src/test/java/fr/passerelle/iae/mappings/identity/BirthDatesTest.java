package fr.passerelle.iae.mappings.identity;

import static fr.passerelle.iae.mappings.Rejections.rejectionOf;
import static org.assertj.core.api.Assertions.assertThat;

import fr.passerelle.iae.mappings.Rejection;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class BirthDatesTest {

    private static final LocalDate TODAY = LocalDate.of(2025, 3, 5);
    private static final String FIELD = "person.birthDate";

    @ParameterizedTest
    @ValueSource(strings = {"1925-03-05", "2009-03-04"})
    void ID_40_bounds_from_the_spec_are_accepted(String birthDate) {
        LocalDate date = LocalDate.parse(birthDate);

        assertThat(BirthDates.check(date, TODAY, FIELD).orThrow()).isEqualTo(date);
    }

    @ParameterizedTest
    @ValueSource(strings = {"1925-03-04", "2009-03-05"})
    void ID_40_dates_just_outside_the_bounds_are_refused(String birthDate) {
        Rejection rejection = rejectionOf(BirthDates.check(LocalDate.parse(birthDate), TODAY, FIELD));

        assertThat(rejection.rule()).isEqualTo("ID-40");
        assertThat(rejection.code()).isEqualTo("INVALID_INPUT");
        assertThat(rejection.field()).isEqualTo(FIELD);
        assertThat(rejection.message()).doesNotContain(birthDate).doesNotContain(birthDate.substring(0, 4));
    }

    @Test
    void ID_40_missing_birth_date_is_refused() {
        assertThat(rejectionOf(BirthDates.check(null, TODAY, FIELD)).rule()).isEqualTo("ID-40");
    }
}
