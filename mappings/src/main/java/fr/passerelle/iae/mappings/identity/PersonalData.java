package fr.passerelle.iae.mappings.identity;

import java.util.regex.Pattern;

/**
 * ID-10 for free text: whatever a message, an exception, a database or a library writes (a NIR in a unique-key
 * violation, a whole row in PostgreSQL's "Failing row contains", a birth date in a parse error), NIR and dates that
 * could be birth dates are masked before the text is logged or stored where people read it (flow states, journal
 * errors, dead letters, health). The one place such text is masked.
 */
public final class PersonalData {

    // PostgreSQL quotes the whole row (names, NIR, birth date) or the key's values: nothing of it is kept
    private static final Pattern ROW = Pattern.compile("(Failing row contains|Key \\([^)]*\\)=) ?\\((?:[^()]|\\([^()]*\\))*\\)");
    // 15 characters, written plain or grouped with spaces, dots or dashes (1 90 04 35 238 051 28, 2.90.04.2A.…)
    private static final Pattern NIR = Pattern.compile(
            "(?<![0-9A-Za-z])[1-478](?:[ .-]?[0-9]{2}){2}[ .-]?(?:2[AB]|[0-9]{2})[ .-]?[0-9]{3}[ .-]?[0-9]{3}(?:[ .-]?[0-9]{2})?(?![0-9A-Za-z])",
            Pattern.CASE_INSENSITIVE);
    private static final String NOT_AFTER = "(?<![0-9A-Za-z/.-])";
    private static final String NOT_BEFORE = "(?![0-9A-Za-z/.-])";
    private static final String MONTH = "(?:0[1-9]|1[0-2])";
    private static final String DAY = "(?:0[1-9]|[12][0-9]|3[01])";
    private static final Pattern DATES = Pattern.compile(NOT_AFTER + "(?:"
            + "[0-9]{4}-[0-9]{2}-[0-9]{2}"                                        // 1990-04-15
            + "|[0-9]{1,2}/[0-9]{1,2}/(?:[0-9]{4}|[0-9]{2})"                    // 15/04/1990, 4/15/90
            + "|[0-9]{2}([.-])[0-9]{2}\\1(?:[0-9]{4}|[0-9]{2})"                 // 15.04.1990, 15-04-90 (not 3.5.10)
            + "|" + DAY + "(?:JAN|FEB|MAR|APR|MAY|JUN|JUL|AUG|SEP|OCT|NOV|DEC)[0-9]{4}"   // 15APR1990 (France Travail)
            + "|(?:19|20)[0-9]{2}" + MONTH + DAY                                  // 19900415
            + ")" + NOT_BEFORE, Pattern.CASE_INSENSITIVE);

    private PersonalData() {
    }

    public static String mask(String text) {
        if (text == null || text.length() < 6) {
            return text;
        }
        String masked = ROW.matcher(text).replaceAll("$1 (masqué)");
        masked = NIR.matcher(masked).replaceAll("***");
        return DATES.matcher(masked).replaceAll("**/**/****");
    }

    /** The same failure with its messages masked, causes included, keeping the stack traces for diagnosis. */
    public static Throwable masked(Throwable failure) {
        RuntimeException copy = new RuntimeException(failure.getClass().getName() + ": " + mask(failure.getMessage()),
                failure.getCause() == null || failure.getCause() == failure ? null : masked(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
