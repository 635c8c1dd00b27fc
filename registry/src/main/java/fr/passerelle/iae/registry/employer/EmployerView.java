package fr.passerelle.iae.registry.employer;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/** An employer as {@code GET /api/v1/employers/{siret}} shows it (API.md): every kind under one SIRET. */
public record EmployerView(String siret, String name, EmployerStatus status, String aspId, List<String> kinds,
                           List<Convention> conventions, Sirene sirene, Successor successor, List<String> previousSirets) {

    public record Convention(String kind, boolean active, Instant deactivatedAt, List<Annex> annexes) {
    }

    public record Annex(String number, LocalDate startDate, LocalDate endDate, String state) {
    }

    /** The SIRENE check is the SIRENE flows' (EMP-40/41); until they run the employer is {@code UNCHECKED}. */
    public record Sirene(String state, String diffusion, Instant checkedAt) {
        static final Sirene UNCHECKED = new Sirene("UNCHECKED", null, null);
    }

    public record Successor(String siret, LocalDate date) {
    }
}
