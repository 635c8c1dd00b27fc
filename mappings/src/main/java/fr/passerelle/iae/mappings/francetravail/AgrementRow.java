package fr.passerelle.iae.mappings.francetravail;

import java.time.LocalDate;

import fr.passerelle.iae.mappings.identity.FranceTravailId;

/**
 * A valid row of the legacy agréments file. {@code root} is the 12-digit agrément number (LEG-01) and
 * {@code suffix} its act suffix ({@code S01}…, LEG-02), null for the plain row.
 */
public record AgrementRow(long line, String agency, FranceTravailId franceTravailId, String lastName, String firstName,
                          String birthName, String root, String suffix, LocalDate start, LocalDate end, LocalDate birthDate) {

    public boolean plain() {
        return suffix == null;
    }

    /** LEG-03: start = end is how France Travail wrote a cancelled agrément. */
    public boolean cancelled() {
        return start.equals(end);
    }

    @Override
    public String toString() {
        // ID-10: rows end up in logs and exceptions
        return "AgrementRow[line=" + line + ", root=" + root + ", suffix=" + suffix + "]";
    }
}
