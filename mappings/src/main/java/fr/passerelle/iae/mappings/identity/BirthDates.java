package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.time.LocalDate;

/** ID-40: plausible birth dates for someone hired in the IAE. */
public final class BirthDates {

    private static final int OLDEST = 100;
    private static final int YOUNGEST = 16;

    private BirthDates() {
    }

    /** Valid when today − 100 years ≤ birth date &lt; today − 16 years. */
    public static Checked<LocalDate> check(LocalDate birthDate, LocalDate today, String field) {
        if (birthDate == null) {
            return Checked.invalid("ID-40", "INVALID_INPUT", field, "La date de naissance est obligatoire.");
        }
        if (birthDate.isBefore(today.minusYears(OLDEST)) || !birthDate.isBefore(today.minusYears(YOUNGEST))) {
            return Checked.invalid("ID-40", "INVALID_INPUT", field,
                    "La date de naissance doit correspondre à une personne de 16 à 100 ans.");
        }
        return Checked.valid(birthDate);
    }
}
