package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.util.regex.Pattern;

/** An establishment identifier: SIREN + NIC, checked by EMP-01…EMP-03. */
public record Siret(String value) {

    private static final String CODE = "INVALID_SIRET";
    private static final Pattern DIGITS = Pattern.compile("^[0-9]{14}$");
    private static final String LA_POSTE = "356000000";

    public Siret {
        if (value == null || !DIGITS.matcher(value).matches()) {
            throw new IllegalArgumentException("Un SIRET comporte 14 chiffres : " + value);
        }
    }

    public static Checked<Siret> parse(String raw, String field) {
        String siret = RawInput.withoutSpaces(raw);
        if (siret == null || !DIGITS.matcher(siret).matches()) {
            return Checked.invalid("EMP-01", CODE, field, "Le SIRET doit comporter exactement 14 chiffres.");
        }
        if (siret.startsWith(LA_POSTE)) {
            // La Poste numbers its establishments with its own digit-sum rule; its head office follows Luhn.
            if (digitSum(siret) % 5 != 0 && !luhn(siret)) {
                return Checked.invalid("EMP-03", CODE, field, "Ce SIRET de La Poste n'est pas valide.");
            }
        } else if (!luhn(siret)) {
            return Checked.invalid("EMP-02", CODE, field, "Le SIRET n'est pas valide (chiffre de contrôle erroné).");
        }
        return Checked.valid(new Siret(siret));
    }

    /** EMP-04: two SIRETs belong to the same company iff their SIRENs are equal. */
    public String siren() {
        return value.substring(0, 9);
    }

    private static boolean luhn(String digits) {
        int total = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            total += digit;
        }
        return total % 10 == 0;
    }

    private static int digitSum(String digits) {
        return digits.chars().map(c -> c - '0').sum();
    }
}
