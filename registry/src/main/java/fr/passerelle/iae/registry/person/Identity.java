package fr.passerelle.iae.registry.person;

import java.time.LocalDate;

import fr.passerelle.iae.mappings.identity.FranceTravailId;
import fr.passerelle.iae.mappings.identity.Nir;

/** A validated incoming identity: a NIR, or a France Travail id with a birth date (PASS-27), plus names. */
public record Identity(Nir nir, FranceTravailId franceTravailId, String title, String lastName, String firstName,
                       LocalDate birthDate) {

    /** Whether France Travail id + birth date can identify someone (ID-61). */
    public boolean franceTravailMatchable() {
        return franceTravailId != null && franceTravailId.matchable() && birthDate != null;
    }

    @Override
    public String toString() {
        // ID-10: an identity printed anywhere shows nothing personal
        return "Identity[nir=" + (nir == null ? null : nir.masked()) + "]";
    }
}
