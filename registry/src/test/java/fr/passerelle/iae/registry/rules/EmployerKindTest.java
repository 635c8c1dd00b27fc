package fr.passerelle.iae.registry.rules;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class EmployerKindTest {

    @ParameterizedTest
    @CsvSource({
        "ACI,  true,  ACI_DC,  836",
        "AI,   true,  AI_DC,   837",
        "EI,   true,  EI_DC,   838",
        "ETTI, true,  ETTI_DC, 839",
        "EITI, true,  EITI_DC, 840",
        "GEIQ, false,        , 838",
        "EA,   false,        , 838",
        "EATT, false,        , 840"})
    void KINDS_table_of_section_4_1(EmployerKind kind, boolean siae, String measure, int typeSiae) {
        assertThat(kind.siae()).isEqualTo(siae);
        assertThat(kind.aspMeasure()).isEqualTo(measure);
        assertThat(kind.franceTravailTypeSiae()).isEqualTo(typeSiae);
    }

    @Test
    void ELIG_02_level_2_criteria_required_per_kind() {
        assertThat(EmployerKind.ACI.level2CriteriaRequired()).isEqualTo(3);
        assertThat(EmployerKind.EI.level2CriteriaRequired()).isEqualTo(3);
        assertThat(EmployerKind.EITI.level2CriteriaRequired()).isEqualTo(3);
        assertThat(EmployerKind.AI.level2CriteriaRequired()).isEqualTo(2);
        assertThat(EmployerKind.ETTI.level2CriteriaRequired()).isEqualTo(2);
        assertThatThrownBy(EmployerKind.GEIQ::level2CriteriaRequired).isInstanceOf(IllegalStateException.class);
    }
}
