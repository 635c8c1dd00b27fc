package fr.passerelle.iae.mappings;

/**
 * Why a record or a request was refused.
 *
 * @param rule    identifier of the DOMAIN.md / PARTNERS.md rule that refused it ({@code ID-04}, {@code EMP-02}…)
 * @param code    public error code of API.md ({@code INVALID_NIR}, {@code WAITING_PERIOD}…)
 * @param field   path of the offending field ({@code person.nir}), or null when the whole record is at fault
 * @param message French sentence for a person; never contains personal data unmasked (ID-10)
 */
public record Rejection(String rule, String code, String field, String message) {
}
