package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.util.Locale;
import java.util.regex.Pattern;

/** A PASS IAE number (PASS-01), stored without spaces. */
public record PassNumber(String value) {

    private static final Pattern FORMAT = Pattern.compile("^[0-9A-Za-z]{12}$");
    private static final Pattern PREFIX = Pattern.compile("^[0-9A-Za-z]{5}$");
    private static final int COUNTER_DIGITS = 7;
    private static final long MAX_COUNTER = 9_999_999L;

    public PassNumber {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("Un numéro de PASS comporte 12 lettres ou chiffres : " + value);
        }
    }

    /** PASS-01, for callers that only sort well-formed numbers from other values (a body's fields, a query). */
    public static boolean isWellFormed(String value) {
        return value != null && FORMAT.matcher(value).matches();
    }

    /** PASS-07: accepts the displayed form with its spaces. */
    public static Checked<PassNumber> parse(String raw, String field) {
        String number = RawInput.withoutSpaces(raw);
        if (number == null || !FORMAT.matcher(number).matches()) {
            return Checked.invalid("PASS-01", "INVALID_INPUT", field,
                    "Le numéro de PASS IAE doit comporter 12 lettres ou chiffres.");
        }
        return Checked.valid(new PassNumber(number));
    }

    /** PASS-01/02; exhaustion (PASS-06) is the issuer's to report, so a counter out of range is a bug here. */
    public static PassNumber issued(String prefix, long counter) {
        if (prefix == null || !PREFIX.matcher(prefix).matches()) {
            throw new IllegalArgumentException("Le préfixe d'émission comporte 5 lettres ou chiffres : " + prefix);
        }
        if (counter < 1 || counter > MAX_COUNTER) {
            throw new IllegalArgumentException("Compteur de PASS hors de 1…9 999 999 : " + counter);
        }
        return new PassNumber(prefix + String.format(Locale.ROOT, "%07d", counter));
    }

    /** PASS-07: {@code 999990012345} → {@code 99999 00 12345}. */
    public String display() {
        return value.substring(0, 5) + " " + value.substring(5, 7) + " " + value.substring(7);
    }

    /** PASS-08: a number without the issuer prefix comes from a France Travail agrément. */
    public boolean hasPrefix(String prefix) {
        return value.startsWith(prefix);
    }

    /**
     * PASS-05: the counter part of a number issued under {@code prefix}, or -1 when the number has another shape.
     * Older numbers (prefix + 2-digit year + 5-digit counter) simply count as their 7-digit tail.
     */
    public static long counterTail(String number, String prefix) {
        if (number == null || prefix == null || number.length() != prefix.length() + COUNTER_DIGITS
                || !number.startsWith(prefix)) {
            return -1;
        }
        String tail = number.substring(prefix.length());
        return tail.chars().allMatch(c -> c >= '0' && c <= '9') ? Long.parseLong(tail) : -1;
    }
}
