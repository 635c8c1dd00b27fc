package fr.passerelle.iae.mappings.asp;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** PARTNERS §1.5 {@code adrLibelleVoie}: upper-case ASCII, no parentheses, so that ASP does not answer 3330. */
class LaneNameTest {

    @Test
    void PARTNERS_1_5_the_two_vectors_of_the_contract() {
        assertThat(LaneName.forAsp("Rue de l’Église (Haut)")).isEqualTo("RUE DE L'EGLISE HAUT");
        assertThat(LaneName.forAsp("Allée des Œillets")).isEqualTo("ALLEE DES OEILLETS");
    }

    @ParameterizedTest(name = "{0} → {1}")
    @CsvSource(delimiter = '|', textBlock = """
            Rue du Sacré-Cœur               | RUE DU SACRE-COEUR
            Straße der Einheit              | STRASSE DER EINHEIT
            Çarşı ılıca İstiklal            | CARSI ILICA ISTIKLAL
            Chemin d'Ænon                   | CHEMIN D'AENON
            rue de l’Abbé-Grégoire          | RUE DE L'ABBE-GREGOIRE
            Allée  Łódź   (Bâtiment B)      | ALLEE LODZ BATIMENT B
            Øster Søgade                    | OSTER SOGADE
            Þingholtsstræti                 | THINGHOLTSSTRAETI
            Улица Ленина                    | ULICA LENINA
            Οδός Ερμού                      | ODOS ERMOU
            北京路                          | BEI JING LU
            Rue(Haute)                      | RUEHAUTE
            """)
    void PARTNERS_1_5_any_script_becomes_upper_case_ASCII_without_parentheses(String name, String expected) {
        assertThat(LaneName.forAsp(name)).isEqualTo(expected);
    }

    @Test
    void PARTNERS_1_5_spaces_of_every_kind_collapse_and_what_has_no_transliteration_is_left_out() {
        assertThat(LaneName.forAsp(" Rue\tdu\u00A0Port\u2009(nord) ")).isEqualTo("RUE DU PORT NORD");
        assertThat(LaneName.forAsp("Quai ☂ des Brumes")).isEqualTo("QUAI DES BRUMES");
        assertThat(LaneName.forAsp("شارع الحرية")).matches("^[A-Z ']+$");
        assertThat(LaneName.forAsp("(\u2603)")).isEmpty();
        assertThat(LaneName.forAsp(null)).isNull();
    }

    @Test
    void FS_02_a_lane_name_with_nothing_left_for_ASP_is_missing() {
        FicheSalarieFacts line1 = FicheSalarieLinesTest.line1();
        Employee.Adresse a = line1.employee().adresse();
        FicheSalarieFacts facts = FicheSalarieLinesTest.withEmployee(line1, new Employee(line1.employee().birthPlace(),
                new Employee.Adresse(a.adrNumeroVoie(), a.codeextensionvoie(), a.codetypevoie(), "( )", a.adrCpltDistribution(),
                        a.codeinseecom(), a.codepostalcedex()), line1.employee().situationSalarie()));
        assertThat(FicheSalarieLines.missing(facts)).containsExactly(FicheSalarieLines.LANE_NAME);
    }
}
