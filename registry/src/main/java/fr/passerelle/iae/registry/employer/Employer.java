package fr.passerelle.iae.registry.employer;

import java.time.Instant;
import java.util.UUID;

import fr.passerelle.iae.registry.rules.EmployerKind;

/** An employer of the registry, unique by (SIRET, kind) (EMP-10). */
public record Employer(UUID id, String siret, EmployerKind kind, String name, EmployerStatus status,
                       Instant deactivatedAt) {
}
