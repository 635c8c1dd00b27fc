package fr.passerelle.iae.mappings.identity;

import java.text.Normalizer;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Pattern;

/** Names as each partner accepts them (ID-41…ID-43). Null stays null. */
public final class PersonNames {

    // Letters that NFD does not decompose into a base letter + accent.
    private static final Map<Character, String> LIGATURES = Map.ofEntries(
            Map.entry('Œ', "OE"), Map.entry('œ', "OE"), Map.entry('Æ', "AE"), Map.entry('æ', "AE"),
            Map.entry('ß', "SS"), Map.entry('Ø', "O"), Map.entry('ø', "O"), Map.entry('Ł', "L"),
            Map.entry('ł', "L"), Map.entry('Đ', "D"), Map.entry('đ', "D"));
    private static final Pattern COMBINING_MARKS = Pattern.compile("\\p{M}+");
    private static final Pattern OUTSIDE_FRANCE_TRAVAIL_ALPHABET = Pattern.compile("[^A-Z' -]");
    private static final int FRANCE_TRAVAIL_LAST_NAME = 25;
    private static final int FRANCE_TRAVAIL_FIRST_NAME = 13;
    private static final int ASP_FIRST_NAME = 30;
    private static final int ASP_ACTOR_NAME = 100;

    private PersonNames() {
    }

    /** ID-41. */
    public static String transliterate(String name) {
        if (name == null) {
            return null;
        }
        StringBuilder mapped = new StringBuilder(name.length());
        name.chars().forEach(c -> mapped.append(LIGATURES.getOrDefault((char) c, String.valueOf((char) c))));
        String decomposed = Normalizer.normalize(mapped, Normalizer.Form.NFD);
        return COMBINING_MARKS.matcher(decomposed).replaceAll("").toUpperCase(Locale.ROOT);
    }

    /** ID-42. */
    public static String franceTravailLastName(String name) {
        return name == null ? null : truncate(franceTravailAlphabet(transliterate(name)), FRANCE_TRAVAIL_LAST_NAME);
    }

    /** ID-42: spaces become hyphens so that a compound first name survives as one word. */
    public static String franceTravailFirstName(String name) {
        return name == null ? null
                : truncate(franceTravailAlphabet(transliterate(name.strip()).replace(' ', '-')), FRANCE_TRAVAIL_FIRST_NAME);
    }

    /** ID-43: ASP keeps punctuation and has no length limit on the last name. */
    public static String aspLastName(String name) {
        return name == null ? null : transliterate(name.strip());
    }

    /** ID-43. */
    public static String aspFirstName(String name) {
        return cutAtWord(name, ASP_FIRST_NAME);
    }

    /** ID-43, applied to {@code nomActeurCreationEntr}. */
    public static String aspActorName(String name) {
        return cutAtWord(name, ASP_ACTOR_NAME);
    }

    private static String franceTravailAlphabet(String transliterated) {
        return OUTSIDE_FRANCE_TRAVAIL_ALPHABET.matcher(transliterated).replaceAll("").strip();
    }

    private static String truncate(String name, int max) {
        return name.length() <= max ? name : name.substring(0, max).strip();
    }

    /** Keeps the first {@code max} characters and, when they contain a space, cuts at the last one: ASP's rule, as written. */
    private static String cutAtWord(String name, int max) {
        if (name == null) {
            return null;
        }
        String transliterated = transliterate(name.strip());
        if (transliterated.length() <= max) {
            return transliterated;
        }
        String kept = transliterated.substring(0, max);
        int lastSpace = kept.lastIndexOf(' ');
        return lastSpace < 0 ? kept : kept.substring(0, lastSpace).strip();
    }
}
