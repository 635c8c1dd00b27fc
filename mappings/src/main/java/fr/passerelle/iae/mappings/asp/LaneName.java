package fr.passerelle.iae.mappings.asp;

import java.util.Locale;
import java.util.regex.Pattern;

import com.ibm.icu.text.Transliterator;

/**
 * {@code adrLibelleVoie} as ASP accepts it (PARTNERS §1.5): upper-case ASCII without parentheses, or ASP answers 3330.
 * ICU transliterates every script; a hand-written table would miss letters ASP then refuses.
 */
public final class LaneName {

    // stateless: ICU lets threads share one transliterator
    private static final Transliterator TO_ASCII = Transliterator.getInstance("Any-Latin; Latin-ASCII");
    private static final Pattern WHITESPACE = Pattern.compile("[\\s\\p{Z}]+");
    // what no transliteration reaches (an emoji, ™): left out rather than refused by ASP
    private static final Pattern NOT_ASCII = Pattern.compile("[^\\x20-\\x7E]");
    private static final Pattern PARENTHESES = Pattern.compile("[()]");
    private static final Pattern SPACES = Pattern.compile(" {2,}");

    private LaneName() {
    }

    /** {@code Rue de l’Église (Haut)} → {@code RUE DE L'EGLISE HAUT}; null stays null. */
    public static String forAsp(String name) {
        if (name == null) {
            return null;
        }
        String ascii = NOT_ASCII.matcher(WHITESPACE.matcher(TO_ASCII.transliterate(name)).replaceAll(" ")).replaceAll("");
        String upper = PARENTHESES.matcher(ascii.toUpperCase(Locale.ROOT)).replaceAll("");
        return SPACES.matcher(upper).replaceAll(" ").strip();
    }
}
