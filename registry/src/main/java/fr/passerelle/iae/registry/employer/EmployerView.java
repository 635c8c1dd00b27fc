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

    /**
     * What SIRENE says of the employer's establishment (API check or monthly stock, EMP-40…42); {@code UNCHECKED}
     * until one of them has. {@code name} and {@code address} are SIRENE's (null when masked, EMP-42).
     */
    public record Sirene(String state, String diffusion, Instant checkedAt, String name, String address) {
        static final Sirene UNCHECKED = new Sirene("UNCHECKED", null, null, null, null);
    }

    public record Successor(String siret, LocalDate date) {
    }
}
