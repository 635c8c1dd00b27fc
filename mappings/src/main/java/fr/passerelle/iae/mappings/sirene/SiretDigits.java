package fr.passerelle.iae.mappings.sirene;

import fr.passerelle.iae.mappings.Checked;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.identity.Siret;

/**
 * EMP-01…EMP-03 on a SIRET already read as a 14-digit number, without building a string: the stock checks every
 * row this way, and asks {@link Siret#parse} for the exact rejection only when one fails.
 */
final class SiretDigits {

    private static final long LA_POSTE = 356_000_000L;

    private SiretDigits() {
    }

    static boolean valid(long siret) {
        if (siret < 0) {
            return false;
        }
        int luhn = 0;
        int sum = 0;
        long rest = siret;
        for (int i = 0; i < 14; i++) {
            int digit = (int) (rest % 10);
            rest /= 10;
            sum += digit;
            if ((i & 1) == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            luhn += digit;
        }
        if (luhn % 10 == 0) {
            return true;
        }
        // EMP-03: La Poste's establishments follow a digit-sum rule
        return siret / 100_000L == LA_POSTE && sum % 5 == 0;
    }

    /** A SIRET written as 14 ASCII bytes at {@code start}: its value when it passes EMP-01…03, -1 otherwise. */
    static long valid(byte[] bytes, int start) {
        long value = 0;
        int luhn = 0;
        int sum = 0;
        for (int j = 0; j < 14; j++) {
            int digit = bytes[start + j] - '0';
            if (digit < 0 || digit > 9) {
                return -1;
            }
            value = value * 10 + digit;
            sum += digit;
            // from the right, every second digit is doubled: positions 12, 10, … from the left
            luhn += (j & 1) == 0 ? (digit * 2 > 9 ? digit * 2 - 9 : digit * 2) : digit;
        }
        if (luhn % 10 == 0 || value / 100_000L == LA_POSTE && sum % 5 == 0) {
            return value;
        }
        return -1;
    }

    /** The rejection of an invalid SIRET value (EMP-01, EMP-02 or EMP-03). */
    static Rejection rejection(String value, String field) {
        Checked<Siret> checked = Siret.parse(value, field);
        if (checked instanceof Checked.Invalid<Siret> invalid) {
            return invalid.rejection();
        }
        return new Rejection("EMP-01", "INVALID_SIRET", field, "Le SIRET doit comporter exactement 14 chiffres.");
    }
}
