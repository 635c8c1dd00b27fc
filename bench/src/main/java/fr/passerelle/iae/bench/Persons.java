package fr.passerelle.iae.bench;

import java.time.LocalDate;

/**
 * Distinct, valid people for issuance requests: person {@code n} gets a NIR no other {@code n} gets (DOMAIN ID-02..ID-06:
 * sex digit 1 with title {@code M}, YYMM of the birth date, department 75, commune and order number from {@code n},
 * key = 97 − (first 13 digits mod 97)), so every request issues a new PASS.
 */
final class Persons {

    private static final int PER_BLOCK = 999 * 999;           // commune 001-999 × order 001-999
    private static final LocalDate FIRST_BIRTH = LocalDate.of(1970, 1, 15);

    private Persons() {
    }

    /** Birth dates between 1970-01 and 1999-12: always 16–100 years old (ID-40). */
    static LocalDate birthDate(long n) {
        long block = n / PER_BLOCK;
        long index = n % PER_BLOCK;
        // within a block (commune, order) is unique; across blocks the birth month differs (up to 360 blocks)
        return FIRST_BIRTH.plusMonths((index + block * 7) % 360);
    }

    static String nir(long n) {
        long index = n % PER_BLOCK;
        LocalDate birth = birthDate(n);
        String first13 = String.format("1%02d%02d75%03d%03d",
                birth.getYear() % 100, birth.getMonthValue(), index / 999 + 1, index % 999 + 1);
        return first13 + key(first13);
    }

    /** ID-04 (no Corsican department here). */
    static String key(String first13) {
        return String.format("%02d", 97 - Long.parseLong(first13) % 97);
    }

    /** A first name made of letters only, distinct for each n. */
    static String firstName(long n) {
        StringBuilder name = new StringBuilder();
        long rest = n;
        do {
            name.append((char) ('A' + rest % 26));
            rest /= 26;
        } while (rest > 0);
        return "BENCH" + name.reverse();
    }

    /** The body of {@code POST /api/v1/passes} (API.md) for person n, hired 7 days after today. */
    static String issuanceBody(long n, LocalDate today) {
        return "{\"person\":{\"nir\":\"" + nir(n) + "\",\"title\":\"M\",\"lastName\":\"PERF\",\"firstName\":\""
                + firstName(n) + "\",\"birthDate\":\"" + birthDate(n) + "\"},"
                + "\"employer\":{\"siret\":\"73282932000074\",\"kind\":\"ACI\"},"
                + "\"hiringStartDate\":\"" + today.plusDays(7) + "\","
                + "\"eligibility\":{\"author\":\"AUTHORIZED_PRESCRIBER\",\"prescriberKind\":\"FT\",\"criteria\":[],"
                + "\"diagnosedOn\":\"" + today + "\"},"
                + "\"origin\":{\"sender\":\"PRESCRIBER\",\"prescriberKind\":\"FT\",\"prescriberAuthorized\":true}}";
    }
}
