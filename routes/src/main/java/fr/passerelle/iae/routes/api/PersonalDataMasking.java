package fr.passerelle.iae.routes.api;

import java.util.regex.Pattern;

/**
 * Database and library messages may quote the values they choke on (a NIR in a unique-key violation, a birth
 * date in a parse error): logged faults go through here first (ID-10).
 */
public final class PersonalDataMasking {

    private static final Pattern NIR_LIKE = Pattern.compile("\\b[0-9][0-9AB ]{12,20}[0-9]\\b");
    private static final Pattern DATE = Pattern.compile("\\b[0-9]{4}-[0-9]{2}-[0-9]{2}\\b");

    private PersonalDataMasking() {
    }

    public static String mask(String text) {
        if (text == null) {
            return null;
        }
        return DATE.matcher(NIR_LIKE.matcher(text).replaceAll("***")).replaceAll("****-**-**");
    }

    /** The same failure with its messages masked, causes included, keeping the stack traces for diagnosis. */
    public static Throwable masked(Throwable failure) {
        RuntimeException copy = new RuntimeException(failure.getClass().getName() + ": " + mask(failure.getMessage()),
                failure.getCause() == null || failure.getCause() == failure ? null : masked(failure.getCause()));
        copy.setStackTrace(failure.getStackTrace());
        return copy;
    }
}
