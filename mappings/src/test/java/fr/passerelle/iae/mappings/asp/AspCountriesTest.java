package fr.passerelle.iae.mappings.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

/** PARTNERS §1.5: the birth place fields ASP reads, row by row of ASP's own country referential (spec/referentials/). */
class AspCountriesTest {

    private static final Path PUBLISHED = Path.of("../../shared/spec/referentials/asp_ref_insee_pays_v4.csv");

    /** One row of the referential: {@code CODE_INSEE_PAYS;CODE_DPT;LIB_INSEE_PAYS;CODE_GROUPE_PAYS}. */
    record Row(String code, String department, String label, String group) {

        @Override
        public String toString() {
            return code + " " + department + " " + label;
        }
    }

    static List<Row> referential() {
        try (InputStream in = AspCountriesTest.class.getResourceAsStream(AspCountries.RESOURCE)) {
            return new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8)).lines().skip(1)
                    .map(line -> line.split(";", -1))
                    .map(c -> new Row(c[0], c[1], c[2], c[3]))
                    .toList();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Stream<Row> overseasCommunes() {
        return referential().stream().filter(row -> "098".equals(row.department()));
    }

    static Stream<Row> countriesAbroad() {
        return referential().stream().filter(row -> "099".equals(row.department()) && !"100".equals(row.code()));
    }

    private static AspLine.PersonnePhysique bornIn(String country, String commune) {
        return FicheSalarieLines.line(withBirth(country, commune)).personnePhysique();
    }

    private static FicheSalarieFacts withBirth(String country, String commune) {
        FicheSalarieFacts line1 = FicheSalarieLinesTest.line1();
        return FicheSalarieLinesTest.withEmployee(line1, new Employee(new Employee.BirthPlaceData(country, commune),
                line1.employee().adresse(), line1.employee().situationSalarie()));
    }

    @Test
    void PARTNERS_1_5_the_referential_is_ASPs_file_as_published() throws IOException {
        assertThat(overseasCommunes()).hasSize(90);
        assertThat(referential()).hasSize(327);
        assumeTrue(Files.exists(PUBLISHED), "spec/referentials/ is not beside this work tree");
        try (InputStream copy = AspCountriesTest.class.getResourceAsStream(AspCountries.RESOURCE)) {
            assertThat(copy.readAllBytes()).isEqualTo(Files.readAllBytes(PUBLISHED));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("overseasCommunes")
    void PARTNERS_1_5_a_commune_of_an_098_row_is_sent_as_a_country_of_group_1(Row row) {
        FicheSalarieFacts facts = withBirth("100", "98" + row.code());
        AspLine.PersonnePhysique person = FicheSalarieLines.line(facts).personnePhysique();
        assertThat(FicheSalarieLines.missing(facts)).isEmpty();
        assertThat(person.codeComInsee()).isEqualTo(new AspLine.CodeComInsee(null, "099"));
        assertThat(person.codeInseePays()).isEqualTo(row.code());
        assertThat(person.codeGroupePays()).isEqualTo(row.group()).isEqualTo("1");
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("countriesAbroad")
    void PARTNERS_1_5_a_birth_abroad_takes_the_group_of_its_099_row(Row row) {
        FicheSalarieFacts facts = withBirth(row.code(), null);
        AspLine.PersonnePhysique person = FicheSalarieLines.line(facts).personnePhysique();
        assertThat(FicheSalarieLines.missing(facts)).isEmpty();
        assertThat(person.codeComInsee()).isEqualTo(new AspLine.CodeComInsee(null, "099"));
        assertThat(person.codeInseePays()).isEqualTo(row.code());
        assertThat(person.codeGroupePays()).isEqualTo(row.group());
    }

    @Test
    void PARTNERS_1_5_the_United_Kingdom_is_group_2_and_Croatia_group_3_as_ASPs_list_has_them() {
        assertThat(bornIn("132", null).codeGroupePays()).isEqualTo("2");
        assertThat(bornIn("119", null).codeGroupePays()).isEqualTo("3");
        assertThat(bornIn("109", null).codeGroupePays()).isEqualTo("2");
        assertThat(bornIn("350", null).codeGroupePays()).isEqualTo("3");
    }

    @Test
    void PARTNERS_1_5_Bora_Bora_Noumea_Saint_Paul_and_Clipperton_by_their_commune_codes() {
        assertThat(bornIn("100", "98714").codeInseePays()).isEqualTo("714");
        assertThat(bornIn("100", "98818").codeInseePays()).isEqualTo("818");
        assertThat(bornIn("100", "98901").codeInseePays()).isEqualTo("901");
        AspLine.PersonnePhysique saintPaul = bornIn("100", "98411");
        assertThat(saintPaul.codeInseePays()).isEqualTo("411");
        assertThat(saintPaul.codeGroupePays()).isEqualTo("1");
        // the same code in 099 is Honduras, outside the EEC
        assertThat(bornIn("411", null).codeGroupePays()).isEqualTo("3");
    }

    @Test
    void PARTNERS_1_5_France_and_overseas_departments_keep_their_commune_in_group_1() {
        AspLine.PersonnePhysique rennes = bornIn("100", "35238");
        assertThat(rennes.codeComInsee()).isEqualTo(new AspLine.CodeComInsee("35238", "035"));
        assertThat(rennes.codeInseePays()).isEqualTo("100");
        assertThat(rennes.codeGroupePays()).isEqualTo("1");
        AspLine.PersonnePhysique martinique = bornIn("100", "97209");
        assertThat(martinique.codeComInsee()).isEqualTo(new AspLine.CodeComInsee("97209", "972"));
        assertThat(martinique.codeGroupePays()).isEqualTo("1");
    }

    @Test
    void FS_02_a_place_missing_from_ASPs_referential_is_listed_as_missing_rather_than_sent() {
        assertThat(FicheSalarieLines.missing(withBirth("990", null))).containsExactly(FicheSalarieLines.COUNTRY);
        assertThat(FicheSalarieLines.missing(withBirth("100", "98799"))).containsExactly(FicheSalarieLines.COMMUNE);
    }
}
