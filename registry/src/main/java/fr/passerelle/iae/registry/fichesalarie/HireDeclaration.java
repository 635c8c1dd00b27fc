package fr.passerelle.iae.registry.fichesalarie;

import java.time.Instant;
import java.util.Optional;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.asp.Employee;
import fr.passerelle.iae.registry.RegistryTransaction;
import fr.passerelle.iae.registry.pass.IssuanceRequest;
import fr.passerelle.iae.registry.pass.IssuanceResult;
import fr.passerelle.iae.registry.pass.PassIssuance;

/**
 * A hire (API.md {@code POST /api/v1/hires}): the PASS decision of {@link PassIssuance}, same answers and refusals, and
 * the hire's fiche salarié, in one transaction. Missing employee data never refuses the hire.
 */
@Component
public class HireDeclaration {

    public record Declared(IssuanceResult pass, Optional<FicheSalarieCreation.Summary> ficheSalarie) {
    }

    private final PassIssuance issuance;
    private final FicheSalarieCreation fiches;
    private final RegistryTransaction transaction;

    public HireDeclaration(PassIssuance issuance, FicheSalarieCreation fiches, RegistryTransaction transaction) {
        this.issuance = issuance;
        this.fiches = fiches;
        this.transaction = transaction;
    }

    public Declared declare(IssuanceRequest request, Employee employee, Instant declaredAt) {
        return transaction.run(() -> {
            IssuanceResult pass = issuance.issue(request, declaredAt);
            return new Declared(pass, fiches.forHire(pass.hireId(), employee));
        });
    }
}
