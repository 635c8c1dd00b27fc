package fr.passerelle.iae.mappings.francetravail;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;
import java.util.Optional;

/**
 * Dates of the legacy agréments file (PARTNERS §3.1). The spreadsheet export mixes formats, even within one root.
 * The contract's formats are told apart by their shape, so that only one is tried per value (a million rows would
 * otherwise throw millions of parse exceptions); the result is the same as trying them in the contract's order.
 */
public final class AgrementDates {

    private static final DateTimeFormatter DATE_TIME = strict("uuuu-MM-dd HH:mm:ss");
    private static final DateTimeFormatter ISO_DATE = strict("uuuu-MM-dd");
    // month first: that is how the spreadsheet export writes a 4-digit year (03/31/2022)
    private static final DateTimeFormatter MONTH_FIRST = strict("MM/dd/uuuu");
    private static final DateTimeFormatter MONTH_NAME = new DateTimeFormatterBuilder().parseCaseInsensitive()
            .appendPattern("ddMMMuuuu").toFormatter(Locale.ENGLISH).withResolverStyle(ResolverStyle.STRICT);
    // day first, 2-digit year: "uu" reads 00..99 as 2000..2099
    private static final DateTimeFormatter DAY_FIRST_SHORT = strict("dd/MM/uu");

    private AgrementDates() {
    }

    /** An agrément start or end: a 2-digit year is 20yy. */
    public static Optional<LocalDate> period(String raw) {
        return parse(raw).map(Parsed::date);
    }

    /** A birth date: a 2-digit year that would fall after today is moved back a century (05/05/69 → 1969). */
    public static Optional<LocalDate> birth(String raw, LocalDate today) {
        return parse(raw).map(parsed -> parsed.twoDigitYear() && parsed.date().isAfter(today)
                ? parsed.date().minusYears(100) : parsed.date());
    }

    private record Parsed(LocalDate date, boolean twoDigitYear) {
    }

    private static Optional<Parsed> parse(String raw) {
        if (raw == null || raw.isBlank()) {
            return Optional.empty();
        }
        String value = raw.strip();
        try {
            if (value.length() == 19 && value.charAt(4) == '-') {
                return Optional.of(new Parsed(LocalDateTime.parse(value, DATE_TIME).toLocalDate(), false));
            }
            if (value.length() == 10 && value.charAt(4) == '-') {
                return Optional.of(new Parsed(LocalDate.parse(value, ISO_DATE), false));
            }
            if (value.length() == 10 && value.charAt(2) == '/') {
                return Optional.of(new Parsed(LocalDate.parse(value, MONTH_FIRST), false));
            }
            if (value.length() == 9 && Character.isLetter(value.charAt(2))) {
                return Optional.of(new Parsed(LocalDate.parse(value, MONTH_NAME), false));
            }
            if (value.length() == 8 && value.charAt(2) == '/') {
                return Optional.of(new Parsed(LocalDate.parse(value, DAY_FIRST_SHORT), true));
            }
        } catch (DateTimeException e) {
            return Optional.empty();
        }
        return Optional.empty();
    }

    private static DateTimeFormatter strict(String pattern) {
        return DateTimeFormatter.ofPattern(pattern, Locale.ROOT).withResolverStyle(ResolverStyle.STRICT);
    }
}
