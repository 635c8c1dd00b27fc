package fr.passerelle.iae.mappings.asp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.time.LocalDate;

import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

/** The three lines of the sample upload file (PARTNERS §1.10) rebuilt from canonical facts, byte for byte. */
class FicheSalarieLinesTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    static Employee.Situation situation(String education, boolean employed, String withoutJobSince, String registeredSince,
                                        String rsa, String rsaSince, boolean ass, String assSince) {
        return new Employee.Situation(education, employed, withoutJobSince, false, registeredSince, false, false, rsa, rsaSince,
                ass, assSince, false, null, null, null, null, null, null, null, null, null, null,
                false, false, false, false, false, false, false);
    }

    /** Line 1: ACI, woman born in Rennes, extension B, complement, RSA, sent by a Mission locale. */
    static FicheSalarieFacts line1() {
        Employee employee = new Employee(new Employee.BirthPlaceData("100", "35238"),
                new Employee.Adresse("12", "B", "RUE", "Des Lilas", "BAT C", "35238", "35000"),
                new Employee.Situation("50", false, "03", false, "03", false, false, "OUI-NM", "02", false, null, false, null,
                        null, null, null, null, null, null, null, null, null, false, true, false, false, false, true, false));
        return new FicheSalarieFacts("C", "44198765800016", "ACI", "999990012345", LocalDate.of(2025, 3, 3),
                LocalDate.of(2027, 3, 2), "7062f60d6d8d1efe5a95eef5970f98", "MME", "Durand", "Camille",
                LocalDate.of(1990, 4, 12), "290043523805128", null, "10293847561",
                new FicheSalarieFacts.Origin("PRESCRIBER", "ML", true), employee);
    }

    @Test
    void PARTNERS_1_10_line_1_of_the_sample_is_reproduced_byte_for_byte() throws IOException {
        assertThat(json(FicheSalarieLines.line(line1()).numbered(1))).isEqualTo(sampleLine(0));
        assertThat(FicheSalarieLines.missing(line1())).isEmpty();
    }

    @Test
    void ID_08_born_abroad_is_department_099_with_the_country_of_the_NIR_and_an_employed_person_gets_the_hiring_kind() throws IOException {
        Employee employee = new Employee(null,
                new Employee.Adresse("45", null, "AV", "Jean Lebas", null, "59512", "59100"),
                new Employee.Situation("70", true, null, false, null, false, false, "NON", null, true, "01", false, null,
                        null, null, null, null, null, null, null, null, null, false, false, false, true, false, false, true));
        FicheSalarieFacts facts = new FicheSalarieFacts("C", "52311874300013", "AI", "999990011872", LocalDate.of(2024, 6, 10),
                LocalDate.of(2026, 7, 10), "309e4ed84f494e1eec134dd14e5d60", "M", "Benali", "Mehdi", LocalDate.of(1985, 11, 3),
                "185119935012328", null, null, new FicheSalarieFacts.Origin("JOB_SEEKER", null, false), employee);
        assertThat(json(FicheSalarieLines.line(facts).numbered(2))).isEqualTo(sampleLine(1));
    }

    @Test
    void EITI_fields_Corsica_department_02A_and_a_non_authorised_prescriber_08() throws IOException {
        Employee employee = new Employee(new Employee.BirthPlaceData("100", "2A004"),
                new Employee.Adresse("7", null, "RUE", "Victor Hugo", null, "97209", "97200"),
                new Employee.Situation("41", false, "04", false, "04", true, true, "NON", null, false, null, false, null,
                        true, "01", false, null, false, true, "Coopérative d'activités TI Martinique", "420.00", "02",
                        false, false, true, false, false, false, false));
        FicheSalarieFacts facts = new FicheSalarieFacts("C", "90217735100019", "EITI", "999990012351", LocalDate.of(2025, 2, 17),
                LocalDate.of(2027, 2, 16), "d58fc6c05a29058b33d70339dc7e98", null, "Le Goff", "Jean-Baptiste",
                LocalDate.of(1968, 7, 21), "168072A00401757", null, "4817263A",
                new FicheSalarieFacts.Origin("PRESCRIBER", "ML", false), employee);
        // salarieOETH true is given, but never for EITI; the civility comes from the NIR's sex digit (ID-06)
        assertThat(json(FicheSalarieLines.line(facts).numbered(3))).isEqualTo(sampleLine(2));
    }

    @Test
    void PARTNERS_1_5_revenuMensuelMoyenTI_always_has_two_decimals_after_a_comma() {
        assertThat(FicheSalarieLines.income("420")).isEqualTo("420,00");
        assertThat(FicheSalarieLines.income("420.5")).isEqualTo("420,50");
        assertThat(FicheSalarieLines.income("00420,05")).isEqualTo("420,05");
        assertThat(FicheSalarieLines.income(" 99999.99 ")).isEqualTo("99999,99");
        assertThat(FicheSalarieLines.income("0")).isEqualTo("0,00");
        assertThat(FicheSalarieLines.income("1 200,00")).isNull();
        assertThat(FicheSalarieLines.income("123456")).isNull();
        assertThat(FicheSalarieLines.income("420,123")).isNull();
        assertThat(FicheSalarieLines.income("-420")).isNull();
    }

    @Test
    void FS_02_a_hire_without_address_nor_education_lists_what_is_missing_with_API_paths() {
        FicheSalarieFacts facts = withEmployee(line1(), new Employee(null, null, null));
        assertThat(FicheSalarieLines.missing(facts)).containsExactly("employee.adresse.codetypevoie",
                "employee.adresse.adrLibelleVoie", "employee.adresse.codepostalcedex", "employee.adresse.codeinseecom",
                "employee.situationSalarie.niveauFormation", "employee.situationSalarie.inscritPoleEmploiDepuis");
    }

    @Test
    void ID_20_an_unreliable_NIR_needs_an_NTT_and_a_birth_place() {
        FicheSalarieFacts f = line1();
        FicheSalarieFacts facts = new FicheSalarieFacts("C", f.siret(), f.employerKind(), f.passNumber(), f.passStart(), f.passEnd(),
                f.aspId(), null, f.lastName(), f.firstName(), f.birthDate(), "788109913400849", null, null, f.origin(),
                new Employee(null, f.employee().adresse(), f.employee().situationSalarie()));
        assertThat(FicheSalarieLines.missing(facts)).containsExactly("person.nir", "employee.birthPlace.countryInseeCode");
        FicheSalarieFacts withNtt = new FicheSalarieFacts("C", f.siret(), f.employerKind(), f.passNumber(), f.passStart(), f.passEnd(),
                f.aspId(), null, f.lastName(), f.firstName(), f.birthDate(), "788109913400849", "1441987658A7F3", null, f.origin(),
                new Employee(new Employee.BirthPlaceData("109", null), f.employee().adresse(), f.employee().situationSalarie()));
        AspLine line = FicheSalarieLines.line(withNtt);
        assertThat(line.personnePhysique().salarieNIR()).isEqualTo("1441987658A7F3");
        assertThat(line.personnePhysique().civilite()).isEqualTo("M");
        assertThat(line.personnePhysique().codeInseePays()).isEqualTo("109");
        assertThat(line.personnePhysique().codeGroupePays()).isEqualTo("2");
    }

    @Test
    void PARTNERS_1_9_an_update_notification_with_missing_data_gets_the_placeholders() {
        FicheSalarieFacts f = line1();
        FicheSalarieFacts facts = new FicheSalarieFacts("M", f.siret(), f.employerKind(), f.passNumber(), f.passStart(),
                LocalDate.of(2027, 4, 2), f.aspId(), null, f.lastName(), f.firstName(), f.birthDate(), null, null, null, f.origin(),
                Employee.NONE);
        AspLine line = FicheSalarieLines.line(facts);
        assertThat(line.typeMouvement()).isEqualTo("M");
        assertThat(line.personnePhysique().salarieNIR()).isEqualTo("1130030133" + f.aspId());
        assertThat(line.personnePhysique().codeComInsee()).isEqualTo(new AspLine.CodeComInsee(null, "099"));
        assertThat(line.personnePhysique().codeInseePays()).isEqualTo("102");
        assertThat(line.personnePhysique().passDateFin()).isEqualTo("02/04/2027");
        assertThat(line.adresse()).isEqualTo(new AspLine.AspAdresse(null, null, "3", null, "AV", "DE BLIDA", null, "57463", "57000"));
        assertThat(line.situationSalarie().niveauFormation()).isEqualTo("00");
        assertThat(line.situationSalarie().inscritPoleEmploi()).isFalse();
    }

    @Test
    void PARTNERS_1_5_lane_names_lose_accents_and_parentheses_and_a_bad_complement_is_left_out() {
        FicheSalarieFacts facts = withEmployee(line1(), new Employee(null,
                new Employee.Adresse("3", "X", "RUE", "de l'Église (haut)", "Bât. C-2", "35238", "35000"),
                line1().employee().situationSalarie()));
        AspLine line = FicheSalarieLines.line(facts);
        assertThat(line.adresse().adrLibelleVoie()).isEqualTo("DE L'EGLISE HAUT");
        assertThat(line.adresse().adrCpltDistribution()).isNull();
        assertThat(line.adresse().codeextensionvoie()).isNull();
    }

    @Test
    void PARTNERS_1_5_overseas_births_department_97x_and_communes_sent_as_countries() {
        FicheSalarieFacts martinique = withEmployee(line1(), new Employee(new Employee.BirthPlaceData("100", "97209"),
                line1().employee().adresse(), line1().employee().situationSalarie()));
        assertThat(FicheSalarieLines.line(martinique).personnePhysique().codeComInsee())
                .isEqualTo(new AspLine.CodeComInsee("97209", "972"));
        FicheSalarieFacts boraBora = withEmployee(line1(), new Employee(new Employee.BirthPlaceData("100", "98714"),
                line1().employee().adresse(), line1().employee().situationSalarie()));
        AspLine.PersonnePhysique p = FicheSalarieLines.line(boraBora).personnePhysique();
        assertThat(p.codeComInsee()).isEqualTo(new AspLine.CodeComInsee(null, "099"));
        assertThat(p.codeInseePays()).isEqualTo("714");
        assertThat(p.codeGroupePays()).isEqualTo("1");
    }

    @Test
    void PARTNERS_1_6_orienteur_from_the_hires_sender_and_never_99() {
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("EMPLOYER", null, false))).isEqualTo("07");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("JOB_SEEKER", null, false))).isEqualTo("07");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("PRESCRIBER", null, false))).isEqualTo("08");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("PRESCRIBER", "FT", false))).isEqualTo("08");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("PRESCRIBER", "FT", true))).isEqualTo("03");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("PRESCRIBER", "OACAS", true))).isEqualTo("23");
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin("PRESCRIBER", "E2C", true))).isEqualTo("06");
        // ASP closed 99: a hire whose sender was never recorded is sent as no prescriber's
        assertThat(AspCodes.orienteur(new FicheSalarieFacts.Origin(null, null, null))).isEqualTo("07");
        assertThat(AspCodes.orienteur(null)).isEqualTo("07");
    }

    @Test
    void PARTNERS_1_6_a_second_hire_on_the_same_PASS_is_sent_with_its_own_senders_orienteur() {
        FicheSalarieFacts f = line1();
        FicheSalarieFacts secondHire = new FicheSalarieFacts(f.movement(), "52311874300013", "AI", f.passNumber(), f.passStart(),
                f.passEnd(), f.aspId(), f.title(), f.lastName(), f.firstName(), f.birthDate(), f.nir(), f.ntt(), f.franceTravailId(),
                new FicheSalarieFacts.Origin("PRESCRIBER", "CHRS", true), f.employee());
        assertThat(FicheSalarieLines.line(f).situationSalarie().orienteur()).isEqualTo("01");
        assertThat(FicheSalarieLines.line(secondHire).situationSalarie().orienteur()).isEqualTo("12");
        FicheSalarieFacts unknownSender = new FicheSalarieFacts(f.movement(), f.siret(), f.employerKind(), f.passNumber(),
                f.passStart(), f.passEnd(), f.aspId(), f.title(), f.lastName(), f.firstName(), f.birthDate(), f.nir(), f.ntt(),
                f.franceTravailId(), null, f.employee());
        assertThat(FicheSalarieLines.line(unknownSender).situationSalarie().orienteur()).isEqualTo("07");
        assertThat(FicheSalarieLines.missing(unknownSender)).isEmpty();
    }

    static FicheSalarieFacts withEmployee(FicheSalarieFacts f, Employee employee) {
        return new FicheSalarieFacts(f.movement(), f.siret(), f.employerKind(), f.passNumber(), f.passStart(), f.passEnd(), f.aspId(),
                f.title(), f.lastName(), f.firstName(), f.birthDate(), f.nir(), f.ntt(), f.franceTravailId(), f.origin(), employee);
    }

    private static String json(AspLine line) {
        return new String(AspFileBuilder.json(line), StandardCharsets.UTF_8);
    }

    /** The sample's line, re-serialised compactly in its own field order: whitespace is not significant (§1.3). */
    private static String sampleLine(int index) throws IOException {
        try (InputStream in = FicheSalarieLinesTest.class.getResourceAsStream("/asp/RIAE_FS_20250305095500.json")) {
            JsonNode file = JSON.readTree(in);
            return JSON.writeValueAsString(file.get("lignesTelechargement").get(index));
        }
    }
}
