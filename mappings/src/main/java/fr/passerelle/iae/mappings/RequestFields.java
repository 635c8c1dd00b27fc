package fr.passerelle.iae.mappings;

import java.time.LocalDate;
import java.time.format.DateTimeParseException;

/**
 * The plain fields of an API request or a message (a date, an enum value, a required field): a fault is thrown as a
 * {@link RejectedException} naming the field, under the format rule of API.md's conventions.
 */
public final class RequestFields {

    /** Rule id given to plain format faults (a date that is no date, a missing field): API.md conventions. */
    public static final String FORMAT_RULE = "API-FORMAT";

    private RequestFields() {
    }

    public static LocalDate date(String value, String field) {
        requiredText(value, field);
        try {
            return LocalDate.parse(value);
        } catch (DateTimeParseException e) {
            throw invalid(field, "La date doit être au format AAAA-MM-JJ.");
        }
    }

    public static <E extends Enum<E>> E enumValue(Class<E> type, String value, String field) {
        requiredText(value, field);
        try {
            return Enum.valueOf(type, value);
        } catch (IllegalArgumentException e) {
            throw invalid(field, "Valeur inconnue « " + value + " ».");
        }
    }

    public static <T> T required(T value, String field) {
        if (value == null) {
            throw invalid(field, "Ce champ est obligatoire.");
        }
        return value;
    }

    public static String requiredText(String value, String field) {
        if (blank(value)) {
            throw invalid(field, "Ce champ est obligatoire.");
        }
        return value.strip();
    }

    public static boolean blank(String value) {
        return value == null || value.isBlank();
    }

    public static RejectedException invalid(String field, String message) {
        return new RejectedException(FORMAT_RULE, "INVALID_INPUT", field, message);
    }
}
