package fr.passerelle.iae.routes.pass;

import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

/** Valid requests of API.md for fresh, fictitious people (NIR keys computed per ID-04). */
public final class PassFixtures {

    private static final AtomicLong ORDER = new AtomicLong(System.nanoTime() % 900_000);

    private PassFixtures() {
    }

    /** A new NIR for a woman born in {@code birth}, in Rennes, with a unique order number. */
    public static String newNir(LocalDate birth) {
        long n = ORDER.incrementAndGet();
        String first13 = String.format("2%02d%02d35238%03d", birth.getYear() % 100, birth.getMonthValue(), n % 1000);
        // commune 238 of dept 35, order number spread over the last 3 digits; varying the commune widens the space
        first13 = first13.substring(0, 5) + String.format("%02d%03d", 10 + (n / 1000) % 90, (n / 1000 / 90) % 1000)
                + first13.substring(10);
        long key = 97 - (Long.parseLong(first13) % 97);
        return first13 + String.format("%02d", key);
    }

    public static Map<String, Object> person(String nir, LocalDate birth) {
        return Map.of("nir", nir, "title", "MME", "lastName", "Martin", "firstName", "Léa", "birthDate", birth.toString());
    }

    public static Map<String, Object> issuance(Map<String, Object> person, String siret, String kind, LocalDate hiring,
                                               LocalDate diagnosedOn) {
        return Map.of(
                "person", person,
                "employer", Map.of("siret", siret, "kind", kind),
                "hiringStartDate", hiring.toString(),
                "eligibility", Map.of("author", "AUTHORIZED_PRESCRIBER", "prescriberKind", "FT", "criteria", List.of("RSA"),
                        "diagnosedOn", diagnosedOn.toString()),
                "origin", Map.of("sender", "PRESCRIBER", "prescriberKind", "FT", "prescriberAuthorized", true));
    }

    /** A hire of a new person by the ACI 73282932000074, a week from {@code today}. */
    public static Map<String, Object> newHire(LocalDate today) {
        LocalDate birth = LocalDate.of(1990, 4, 15);
        return issuance(person(newNir(birth), birth), "73282932000074", "ACI", today.plusDays(7), today);
    }
}
