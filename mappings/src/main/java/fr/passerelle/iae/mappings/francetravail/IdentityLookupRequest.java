package fr.passerelle.iae.mappings.francetravail;

import java.time.LocalDate;

import fr.passerelle.iae.mappings.identity.Masking;
import fr.passerelle.iae.mappings.identity.PersonNames;

/** Body of {@code rechercheIndividuCertifie} (PARTNERS §3.4). */
public record IdentityLookupRequest(String dateNaissance, String nirCertifie, String nomNaissance, String prenom) {

    /**
     * NIR cut to its 13 characters without key, as stored (2A/2B stay); names per ID-42. France Travail searches
     * its register by birth name: the person's when known, else their last name.
     *
     * @param birthName null when unknown (the hub learns it only from a France Travail agrément, PARTNERS §3.1)
     */
    public static IdentityLookupRequest of(String nir, LocalDate birthDate, String birthName, String lastName, String firstName) {
        String name = PersonNames.franceTravailLastName(birthName);
        if (name == null || name.chars().noneMatch(Character::isLetter)) {
            name = PersonNames.franceTravailLastName(lastName);
        }
        return new IdentityLookupRequest(birthDate.toString(), nir.substring(0, 13), name,
                PersonNames.franceTravailFirstName(firstName));
    }

    @Override
    public String toString() {
        return "IdentityLookupRequest[nirCertifie=" + Masking.nir(nirCertifie) + "]";
    }
}
