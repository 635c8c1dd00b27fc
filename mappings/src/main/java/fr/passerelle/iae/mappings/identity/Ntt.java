package fr.passerelle.iae.mappings.identity;

import fr.passerelle.iae.mappings.Checked;
import java.util.regex.Pattern;

/** Numéro technique temporaire: stands in for a missing or unreliable NIR in the fiche salarié (ID-20, ID-21). */
public record Ntt(String value) {

    private static final String RULE = "ID-21";
    private static final String CODE = "INVALID_INPUT";
    private static final Pattern FORMAT = Pattern.compile("^[12][0-9]{9}[0-9A-Za-z]{1,30}$");

    public Ntt {
        if (value == null || !FORMAT.matcher(value).matches()) {
            throw new IllegalArgumentException("NTT mal formé : " + Masking.nir(value));
        }
    }

    /** Civility ({@code M}/{@code MME}) and SIREN of the hiring employer are checked only when known. */
    public static Checked<Ntt> parse(String raw, String civility, String employerSiren, String field) {
        String ntt = RawInput.withoutSpaces(raw);
        if (ntt == null || !FORMAT.matcher(ntt).matches()) {
            return Checked.invalid(RULE, CODE, field,
                    "Le NTT doit comporter de 11 à 40 caractères : 1 ou 2, le SIREN de l'employeur, puis des lettres ou des chiffres.");
        }
        if (civility != null && ntt.charAt(0) != (civility.strip().equalsIgnoreCase("M") ? '1' : '2')) {
            return Checked.invalid(RULE, CODE, field, "Le premier caractère du NTT ne correspond pas à la civilité.");
        }
        if (employerSiren != null && !ntt.startsWith(employerSiren, 1)) {
            return Checked.invalid(RULE, CODE, field, "Le NTT ne contient pas le SIREN de l'employeur.");
        }
        return Checked.valid(new Ntt(ntt));
    }

    /** The NTT is sent in place of the NIR (ID-20), so it is masked like one (ID-10). */
    @Override
    public String toString() {
        return Masking.nir(value);
    }
}
