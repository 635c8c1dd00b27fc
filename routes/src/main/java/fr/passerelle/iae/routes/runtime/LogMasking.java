package fr.passerelle.iae.routes.runtime;

import org.springframework.boot.json.JsonWriter;
import org.springframework.boot.logging.structured.StructuredLoggingJsonMembersCustomizer;

import fr.passerelle.iae.mappings.identity.PersonalData;

/**
 * Last line of defence of ID-10 in the JSON logs: whatever a message, an exception or a library prints, a NIR
 * (spaced, dotted or not) and a date that could be a birth date are masked ({@link PersonalData}) before the line
 * is written. Set by {@code logging.structured.json.customizer}.
 */
public class LogMasking implements StructuredLoggingJsonMembersCustomizer<Object> {

    @Override
    public void customize(JsonWriter.Members<Object> members) {
        members.applyingValueProcessor(JsonWriter.ValueProcessor.of(String.class, PersonalData::mask));
    }
}
