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

    /** The rejection of an invalid SIRET value (EMP-01, EMP-02 or EMP-03). */
    static Rejection rejection(String value, String field) {
        Checked<Siret> checked = Siret.parse(value, field);
        if (checked instanceof Checked.Invalid<Siret> invalid) {
            return invalid.rejection();
        }
        return new Rejection("EMP-01", "INVALID_SIRET", field, "Le SIRET doit comporter exactement 14 chiffres.");
    }
}
