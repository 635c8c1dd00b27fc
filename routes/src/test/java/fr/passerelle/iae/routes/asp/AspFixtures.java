package fr.passerelle.iae.routes.asp;

import java.time.LocalDate;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ThreadLocalRandom;

import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.mappings.Checked;
import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.routes.pass.PassFixtures;

/** Employers with a convention known to ASP and hires with complete or partial employee data, fresh for each test. */
final class AspFixtures {

    private AspFixtures() {
    }

    /** A fresh valid SIRET (Luhn, EMP-02) that no other test uses: SIREN starting with 86. */
    static String newSiret() {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        String stem = "86" + String.format("%011d", random.nextLong(100_000_000_000L));
        for (int check = 0; check < 10; check++) {
            if (Siret.parse(stem + check, "siret") instanceof Checked.Valid<Siret>) {
                return stem + check;
            }
        }
        throw new IllegalStateException("no Luhn check digit for " + stem);
    }

    /** An ACI with an active convention, as the conventionnement feed leaves it (EMP-11, EMP-12): the mother. */
    static String aciWithConvention(JdbcClient jdbc) {
        String siret = newSiret();
        UUID convention = UUID.randomUUID();
        long aspId = 86_000_000L + ThreadLocalRandom.current().nextLong(1_000_000_000L);
        jdbc.sql("INSERT INTO convention (id, asp_id, kind, siret_signature, active) VALUES (?, ?, 'ACI', ?, true)")
                .params(convention, aspId, siret).update();
        jdbc.sql("INSERT INTO employer (id, siret, kind, status, asp_id, convention_id) VALUES (?, ?, 'ACI', 'ACTIVE', ?, ?)")
                .params(UUID.randomUUID(), siret, Long.toString(aspId), convention).update();
        return siret;
    }

    private static String randomLetters(int length) {
        StringBuilder letters = new StringBuilder(length);
        for (int i = 0; i < length; i++) {
            letters.append((char) ('A' + ThreadLocalRandom.current().nextInt(26)));
        }
        return letters.toString();
    }

    static Map<String, Object> completeEmployee() {
        Map<String, Object> situation = new LinkedHashMap<>();
        situation.put("niveauFormation", "50");
        situation.put("salarieEnEmploi", false);
        situation.put("salarieSansEmploiDepuis", "03");
        situation.put("salarieSansRessource", false);
        situation.put("salarieRQTH", false);
        situation.put("salarieOETH", false);
        situation.put("salarieBenefRSA", "OUI-NM");
        situation.put("salarieBenefRSADepuis", "02");
        situation.put("salarieBenefASS", false);
        situation.put("salarieBenefAAH", false);
        situation.put("salarieSortantASE", false);
        situation.put("salarieParentIsole", false);
        situation.put("salarieHebergement", false);
        situation.put("salarieRefugie", false);
        situation.put("salarieSortantDetention", false);
        situation.put("salarieMobilite", false);
        situation.put("lowFrenchLevel", false);
        Map<String, Object> adresse = new LinkedHashMap<>();
        adresse.put("adrNumeroVoie", "12");
        adresse.put("codeextensionvoie", "B");
        adresse.put("codetypevoie", "RUE");
        adresse.put("adrLibelleVoie", "des Lilas");
        adresse.put("adrCpltDistribution", null);
        adresse.put("codeinseecom", "35238");
        adresse.put("codepostalcedex", "35000");
        return Map.of("birthPlace", Map.of("countryInseeCode", "100", "communeInseeCode", "35238"),
                "adresse", adresse, "situationSalarie", situation);
    }

    /** A hire of a new person by {@code siret} on {@code hiring}, with the given employee block. */
    static Map<String, Object> hire(String siret, LocalDate hiring, LocalDate today, Map<String, Object> employee) {
        LocalDate birth = LocalDate.of(1990, 4, 15);
        Map<String, Object> person = new HashMap<>(PassFixtures.person(PassFixtures.newNir(birth), birth));
        // ASP (and its simulator) take the same name and birth date in one structure for the same person (3437)
        person.put("lastName", "Martin " + randomLetters(8));
        Map<String, Object> body = new HashMap<>(PassFixtures.issuance(person, siret, "ACI", hiring, today));
        body.put("employee", employee);
        return body;
    }
}
