package fr.passerelle.iae.routes.runtime;

import java.util.regex.Pattern;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

/**
 * Last line of defence of ID-10 in the JSON logs: whatever a message, an exception or a library prints, a NIR
 * (15 characters, spaced or not) and a date that could be a birth date ({@code yyyy-MM-dd}, ASP's {@code dd/MM/yyyy})
 * are masked before the line is written. Set by {@code logging.structured.json.customizer}.
 */
public class LogMasking implements StructuredLoggingJsonMembersCustomizer<Object> {

    private static final Pattern NIR = Pattern.compile(
            "\\b[1-478](?: ?[0-9]{2}){2} ?(?:2[AB]|[0-9]{2}) ?[0-9]{3} ?[0-9]{3} ?[0-9]{2}\\b");
    private static final Pattern ISO_DATE = Pattern.compile("\\b[0-9]{4}-[0-9]{2}-[0-9]{2}\\b");
    private static final Pattern ASP_DATE = Pattern.compile("\\b[0-9]{2}/[0-9]{2}/[0-9]{4}\\b");

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, LogMasking::mask));
    }

    static String mask(String text) {
        if (text == null || text.length() < 10) {
            return text;
        }
        String masked = NIR.matcher(text).replaceAll("***");
        masked = ISO_DATE.matcher(masked).replaceAll("****-**-**");
        return ASP_DATE.matcher(masked).replaceAll("**/**/****");
    }
}
