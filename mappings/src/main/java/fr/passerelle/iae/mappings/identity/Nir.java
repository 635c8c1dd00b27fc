package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.time.LocalDate;
import java.util.Locale;
import java.util.Optional;
import java.util.regex.Pattern;

/** A French social security number, normalised (ID-01) and checked against ID-02…ID-05. */
public record Nir(String value) {

    private static final String CODE = "INVALID_NIR";
    private static final Pattern LAYOUT = Pattern.compile("^[123478][0-9]{4}([0-9]{2}|2A|2B)[0-9]{8}$");
    private static final String FRANCE = "100";
    // ID-05: printed in official documents, so people copy it into forms.
    private static final String ILLUSTRATIVE = "269054958815780";

    /** Only normalised values, so that the accessors below can read fixed positions. */
    public Nir {
        if (value == null || !LAYOUT.matcher(value).matches()) {
            throw new IllegalArgumentException("NIR non normalisé : " + Masking.nir(value));
        }
    }

    public static Checked<Nir> parse(String raw, String field) {
        String nir = raw == null ? "" : RawInput.withoutSpaces(raw).toUpperCase(Locale.ROOT);
        if (nir.length() != 15) {
            return Checked.invalid("ID-01", CODE, field, "Le NIR doit comporter 15 caractères.");
        }
        if (!LAYOUT.matcher(nir).matches()) {
            return Checked.invalid("ID-02", CODE, field, "Le NIR ne respecte pas le format attendu.");
        }
        if (!monthAccepted(Integer.parseInt(nir.substring(3, 5)))) {
            return Checked.invalid("ID-03", CODE, field, "Le mois de naissance indiqué dans le NIR n'existe pas.");
        }
        if (!keyMatches(nir)) {
            return Checked.invalid("ID-04", CODE, field, "La clé du NIR ne correspond pas au reste du numéro.");
        }
        if (nir.equals(ILLUSTRATIVE)) {
            return Checked.invalid("ID-05", CODE, field, "Ce NIR est l'exemple des documents officiels, pas celui d'une personne.");
        }
        return Checked.valid(new Nir(nir));
    }

    /** ID-01…ID-05, then ID-06 against the civility ({@code M}/{@code MME}) and birth date when they are known. */
    public static Checked<Nir> parse(String raw, String civility, LocalDate birthDate, String field) {
        Checked<Nir> parsed = parse(raw, field);
        if (parsed instanceof Checked.Valid<Nir> valid) {
            return valid.value().agreeingWith(civility, birthDate, field);
        }
        return parsed;
    }

    public String masked() {
        return Masking.nir(value);
    }

    public String civility() {
        return switch (sex()) {
            case '1', '3', '7' -> "M";
            default -> "MME";
        };
    }

    /** ID-07: ASP wants an NTT instead of such a number. */
    public boolean unreliable() {
        return sex() == '7' || sex() == '8';
    }

    public Optional<BirthPlace> birthPlace() {
        if (unreliable()) {
            return Optional.empty();
        }
        if (value.startsWith("99", 5)) {
            return Optional.of(new BirthPlace(value.substring(7, 10), null));
        }
        return Optional.of(new BirthPlace(FRANCE, value.substring(5, 10)));
    }

    @Override
    public String toString() {
        return masked();
    }

    private char sex() {
        return value.charAt(0);
    }

    private Checked<Nir> agreeingWith(String civility, LocalDate birthDate, String field) {
        if (civility != null && !civility.strip().equalsIgnoreCase(civility())) {
            return Checked.invalid("ID-06", CODE, field, "Le NIR ne correspond pas à la civilité indiquée.");
        }
        // Only 1 and 2 are built from the civil status; temporary numbers carry arbitrary dates.
        if (birthDate != null && (sex() == '1' || sex() == '2') && !bornOn(birthDate)) {
            return Checked.invalid("ID-06", CODE, field, "Le NIR ne correspond pas à la date de naissance indiquée.");
        }
        return Checked.valid(this);
    }

    private boolean bornOn(LocalDate birthDate) {
        int month = Integer.parseInt(value.substring(3, 5));
        boolean sameYear = Integer.parseInt(value.substring(1, 3)) == birthDate.getYear() % 100;
        // Fictitious months (ID-03) stand for an unknown month: only the year can be compared.
        return sameYear && (month > 12 || month == birthDate.getMonthValue());
    }

    private static boolean monthAccepted(int month) {
        return (month >= 1 && month <= 12) || (month >= 20 && month <= 42) || month >= 50;
    }

    private static boolean keyMatches(String nir) {
        String department = switch (nir.substring(5, 7)) {
            case "2A" -> "19";
            case "2B" -> "18";
            default -> nir.substring(5, 7);
        };
        long n = Long.parseLong(nir.substring(0, 5) + department + nir.substring(7, 13));
        return 97 - n % 97 == Integer.parseInt(nir.substring(13));
    }
}
