package fr.passerelle.iae.registry.pass;

import java.time.LocalDate;
import java.util.UUID;

import fr.passerelle.iae.registry.rules.PassStatus;

/** The answer to an issuance request (API.md {@code POST /api/v1/passes}). */
public record IssuanceResult(String number, LocalDate startDate, LocalDate endDate, PassStatus status, Decision decision,
                             UUID personId, UUID hireId) {

    public enum Decision { ISSUED, REUSED }
}
