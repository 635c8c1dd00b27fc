package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.util.Locale;
import java.util.regex.Pattern;

/** A France Travail job-seeker id ("numéro IDE", ID-30). Not unique on its own (ID-31). */
public record FranceTravailId(String value) {

    // Old regional format (7 digits + 1 letter or digit) or new national format (11 digits), ASCII only.
    private static final Pattern FORMAT = Pattern.compile("^([0-9]{7}[0-9A-Za-z]|[0-9]{11})$");
    // ID-61: placeholder written by agencies when the real id is unknown.
    private static final String PLACEHOLDER = "00000000";

    public FranceTravailId {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("Identifiant France Travail mal formé : " + value);
        }
    }

    /** Surrounding spaces are ignored and a trailing letter is upper-cased, so that ID-61 compares like with like. */
    public static Checked<FranceTravailId> parse(String raw, String field) {
        String id = raw == null ? "" : raw.strip();
        if (!FORMAT.matcher(id).matches()) {
            return Checked.invalid("ID-30", "INVALID_FRANCE_TRAVAIL_ID", field,
                    "L'identifiant France Travail doit comporter 7 chiffres suivis d'une lettre ou d'un chiffre, ou 11 chiffres.");
        }
        // Upper-cased only after the ASCII check: Unicode case mapping turns some non-ASCII letters into ASCII ones.
        return Checked.valid(new FranceTravailId(id.toUpperCase(Locale.ROOT)));
    }

    /** ID-61: the placeholder id never identifies anyone. */
    public boolean matchable() {
        return !value.equals(PLACEHOLDER);
    }
}
