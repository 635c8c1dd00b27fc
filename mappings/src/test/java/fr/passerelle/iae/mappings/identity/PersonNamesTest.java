package fr.passerelle.iae.mappings.identity;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class PersonNamesTest {

    @Test
    void ID_41_ligatures_and_accents_are_transliterated() {
        assertThat(PersonNames.transliterate("Œdipe Æsir Straße Øre Łódź Đorđe été ç"))
                .isEqualTo("OEDIPE AESIR STRASSE ORE LODZ DORDE ETE C");
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Le Goff-Kérouac|LE GOFF-KEROUAC",
            "N'Diaye (épouse Martin)|N'DIAYE EPOUSE MARTIN",
            "De La Tour d'Auvergne-Lauraguais|DE LA TOUR D'AUVERGNE-LAU",
            "Œdipe Straße|OEDIPE STRASSE"})
    void ID_42_last_names_for_france_travail(String input, String expected) {
        assertThat(PersonNames.franceTravailLastName(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Jean Baptiste Émile|JEAN-BAPTISTE",
            "Marie Christine Joséphine Bernadette|MARIE-CHRISTI",
            "Maximiliennes-Amandines-Ophélies|MAXIMILIENNES"})
    void ID_42_first_names_for_france_travail(String input, String expected) {
        assertThat(PersonNames.franceTravailFirstName(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Le Goff-Kérouac|LE GOFF-KEROUAC",
            "N'Diaye (épouse Martin)|N'DIAYE (EPOUSE MARTIN)",
            "De La Tour d'Auvergne-Lauraguais|DE LA TOUR D'AUVERGNE-LAURAGUAIS",
            "Œdipe Straße|OEDIPE STRASSE"})
    void ID_43_last_names_for_asp(String input, String expected) {
        assertThat(PersonNames.aspLastName(input)).isEqualTo(expected);
    }

    @ParameterizedTest
    @CsvSource(delimiter = '|', value = {
            "Jean Baptiste Émile|JEAN BAPTISTE EMILE",
            "Marie Christine Joséphine Bernadette|MARIE CHRISTINE JOSEPHINE",
            "Maximiliennes-Amandines-Ophélies|MAXIMILIENNES-AMANDINES-OPHELI"})
    void ID_43_first_names_for_asp(String input, String expected) {
        assertThat(PersonNames.aspFirstName(input)).isEqualTo(expected);
    }

    @Test
    void ID_43_actor_name_is_cut_at_the_last_space_within_100_characters() {
        String name = "Société " + "a".repeat(90) + " Coopérative";

        assertThat(PersonNames.aspActorName(name)).isEqualTo("SOCIETE " + "A".repeat(90));
        assertThat(PersonNames.aspActorName("Dupont")).isEqualTo("DUPONT");
    }

    @Test
    void ID_41_to_ID_43_absent_names_stay_absent() {
        assertThat(PersonNames.transliterate(null)).isNull();
        assertThat(PersonNames.franceTravailLastName(null)).isNull();
        assertThat(PersonNames.franceTravailFirstName(null)).isNull();
        assertThat(PersonNames.aspLastName(null)).isNull();
        assertThat(PersonNames.aspFirstName(null)).isNull();
        assertThat(PersonNames.aspActorName(null)).isNull();
    }
}
