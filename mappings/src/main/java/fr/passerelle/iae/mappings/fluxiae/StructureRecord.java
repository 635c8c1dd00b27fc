package fr.passerelle.iae.mappings.fluxiae;

/**
 * A valid row of the {@code Structure} view (PARTNERS §2.3): an ASP structure, its SIRETs, name, activity code
 * (SIRENE form, EMP-05) and the {@code gestion} address. The technical contact e-mail is checked, not kept.
 */
public record StructureRecord(long line, long aspId, String siretSignature, String siretCurrent, String name, String naf,
                              String addressLine1, String addressLine2, String postalCode, String commune,
                              String inseeCode, String phone) {
}
