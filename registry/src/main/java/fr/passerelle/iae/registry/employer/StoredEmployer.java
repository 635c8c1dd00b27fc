package fr.passerelle.iae.registry.employer;

import java.util.UUID;

/** An employer row as the conventionnement import needs it. {@code mother}: the one known to ASP (EMP-12). */
record StoredEmployer(UUID id, String siret, String kind, UUID conventionId, boolean mother, EmployerDetails details) {
}
