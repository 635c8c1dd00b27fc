package fr.passerelle.iae.registry.pass;

import java.time.LocalDate;

import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.registry.person.Identity;
import fr.passerelle.iae.registry.rules.Diagnosis;
import fr.passerelle.iae.registry.rules.EmployerKind;

/** An issuance request whose every value passed validation. */
public record ValidIssuance(Identity identity, Siret siret, EmployerKind kind, LocalDate hiringStart, Diagnosis diagnosis,
                            PassOrigin origin) {
}
