package fr.passerelle.iae.registry.employer;

import fr.passerelle.iae.mappings.fluxiae.StructureRecord;

/** What ASP tells about an employer besides its identifiers: name, activity code and address (PARTNERS §2.3). */
record EmployerDetails(String name, String naf, String addressLine1, String addressLine2, String postalCode, String commune,
                       String inseeCode, String phone) {

    static EmployerDetails of(StructureRecord s) {
        return new EmployerDetails(s.name(), s.naf(), s.addressLine1(), s.addressLine2(), s.postalCode(), s.commune(),
                s.inseeCode(), s.phone());
    }
}
