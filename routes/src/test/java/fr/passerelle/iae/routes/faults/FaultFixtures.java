package fr.passerelle.iae.routes.faults;

import java.time.LocalDate;
import java.time.ZoneId;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.routes.pass.PassFixtures;

/** Requests of fresh people for the demo ACI 73282932000074, whose convention the demo delivery brings (README). */
final class FaultFixtures {

    static final String DEMO_SIRET = "73282932000074";
    private static final ObjectMapper JSON = new ObjectMapper();

    private FaultFixtures() {
    }

    static LocalDate today() {
        return LocalDate.now(ZoneId.of("Europe/Paris"));
    }

    /** A PASS request for a new person: its body, and the person's NIR to find what became of it. */
    record Request(String nir, byte[] body) {
    }

    static Request passRequest() {
        Map<String, Object> hire = PassFixtures.newHire(today());
        @SuppressWarnings("unchecked")
        String nir = (String) ((Map<String, Object>) hire.get("person")).get("nir");
        return new Request(nir, json(hire));
    }

    /** A hire with complete employee data: a READY fiche salarié for the demo ACI. */
    static Request hireRequest() {
        LocalDate birth = LocalDate.of(1990, 4, 15);
        String nir = PassFixtures.newNir(birth);
        Map<String, Object> person = new HashMap<>(PassFixtures.person(nir, birth));
        // ASP refuses two people of the same name and birth date in one structure (3437)
        person.put("lastName", "Martin " + UUID.randomUUID().toString().replaceAll("[^a-f]", "").toUpperCase());
        Map<String, Object> body = new HashMap<>(PassFixtures.issuance(person, DEMO_SIRET, "ACI", today().plusDays(7), today()));
        Map<String, Object> situation = new LinkedHashMap<>();
        situation.put("niveauFormation", "50");
        situation.put("salarieEnEmploi", false);
        situation.put("salarieSansEmploiDepuis", "03");
        situation.put("salarieBenefRSA", "OUI-NM");
        situation.put("salarieBenefRSADepuis", "02");
        situation.put("lowFrenchLevel", false);
        Map<String, Object> adresse = new LinkedHashMap<>();
        adresse.put("adrNumeroVoie", "12");
        adresse.put("codeextensionvoie", "B");
        adresse.put("codetypevoie", "RUE");
        adresse.put("adrLibelleVoie", "des Lilas");
        adresse.put("adrCpltDistribution", null);
        adresse.put("codeinseecom", "35238");
        adresse.put("codepostalcedex", "35000");
        body.put("employee", Map.of("birthPlace", Map.of("countryInseeCode", "100", "communeInseeCode", "35238"),
                "adresse", adresse, "situationSalarie", situation));
        return new Request(nir, json(body));
    }

    static byte[] json(Object value) {
        try {
            return JSON.writeValueAsBytes(value);
        } catch (Exception e) {
            throw new IllegalStateException(e);
        }
    }
}
