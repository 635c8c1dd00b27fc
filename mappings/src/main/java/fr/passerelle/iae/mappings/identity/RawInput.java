package fr.passerelle.iae.mappings.identity;

import java.util.regex.Pattern;

/** Identifiers typed by people or copied from partner files arrive with spaces in them (PASS-07, ID-01, ID-21). */
final class RawInput {

    // \h also catches the no-break spaces that spreadsheets put between digit groups.
    private static final Pattern SPACES = Pattern.compile("[\\s\\h]+");

    private RawInput() {
    }

    static String withoutSpaces(String raw) {
        return raw == null ? null : SPACES.matcher(raw).replaceAll("");
    }
}
