package fr.passerelle.iae.mappings.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class PersonalDataTest {

    @ParameterizedTest
    @ValueSource(strings = {"290043523805128", "2 90 04 35 238 051 28", "2.90.04.35.238.051.28", "2-90-04-35-238-051-28",
            "1 84 12 2A 004 001 75", "2900435238051", "1990-04-15", "15/04/1990", "15/04/90", "4/15/1990", "15.04.1990",
            "15-04-1990", "15APR1990", "15apr1990", "19900415"})
    void ID_10_a_NIR_or_a_date_however_written_is_masked(String value) {
        String masked = PersonalData.mask("valeur refusée : " + value + " (ligne 3)");

        assertThat(masked).doesNotContain(value).startsWith("valeur refusée : ").endsWith(" (ligne 3)");
    }

    @Test
    void ID_10_a_row_quoted_by_PostgreSQL_is_dropped_whole() {
        String message = "ERROR: new row for relation \"person\" violates check constraint \"person_title\" Detail: Failing row "
                + "contains (4f1c…, 290043523805128, null, MARTIN, Léa (épouse Durand), 1990-04-15, X). Key (nir, last_name)=(2900, DURAND)";

        String masked = PersonalData.mask(message);

        assertThat(masked).contains("person_title").contains("Failing row contains (masqué)").contains("Key (nir, last_name)= (masqué)")
                .doesNotContain("MARTIN").doesNotContain("Léa").doesNotContain("DURAND").doesNotContain("2900");
    }

    @ParameterizedTest
    @ValueSource(strings = {"SIRET 73282932000074", "PASS 999990012345", "RIAE_FS_20250305095500.json", "agrements_ft_20250303.csv",
            "at 2026-12-04T18:53:05Z", "Spring Boot 3.5.10", "127.0.0.1:5432", "id 3f2a9c1e-0000-4000-8000-19900415abcd",
            "correlation 19900415-abcd-4000-8000-000000000000"})
    void ID_10_identifiers_file_names_timestamps_and_versions_are_kept(String text) {
        assertThat(PersonalData.mask(text)).isEqualTo(text);
    }
}
