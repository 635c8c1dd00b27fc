package fr.passerelle.iae.mappings.sirene;

import java.time.LocalDate;
import java.time.LocalDateTime;

/**
 * The columns of a {@code StockEtablissement} row the hub reads (PARTNERS §4.2), EMP-42 applied: an {@code [ND]}
 * value is null here and {@link #partlyDiffusible()} is true.
 *
 * @param state        {@code A} active or {@code F} closed (etatAdministratifEtablissement)
 * @param stateSince   dateDebut: start of the current period, hence the closing date of a closed establishment
 * @param diffusion    statutDiffusionEtablissement {@code O}, {@code P} or {@code N}; {@code P} when a value is masked
 */
public record EstablishmentRecord(String siret, String state, LocalDate stateSince, String diffusion, boolean headOffice,
                                  String name, String enseigne, String addressLine, String addressComplement,
                                  String postalCode, String commune, String inseeCode, String naf,
                                  LocalDateTime processedAt, boolean partlyDiffusible) {

    /** The street line as SIRENE splits it (number, repetition index, street type, street name), null when all are. */
    public static String addressLine(String number, String repetition, String streetType, String street) {
        StringBuilder text = new StringBuilder();
        for (String part : new String[] {number, repetition, streetType, street}) {
            if (part != null && !part.isBlank()) {
                text.append(text.isEmpty() ? "" : " ").append(part.strip());
            }
        }
        return text.isEmpty() ? null : text.toString();
    }

    /** What the hub shows as the establishment's name: its usual name, else its first sign. */
    public String displayName() {
        return name != null ? name : enseigne;
    }
}
