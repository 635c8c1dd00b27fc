package fr.passerelle.iae.registry.person;

import java.time.LocalDate;
import java.util.UUID;

/** A person of the registry. */
public record Person(UUID id, String nir, String franceTravailId, String ftNationalId, LocalDate birthDate, String title,
                     String lastName, String firstName, String aspId) {

    @Override
    public String toString() {
        return "Person[" + id + "]";
    }
}
