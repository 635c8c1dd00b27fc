package fr.passerelle.iae.routes.conventions;

import java.util.UUID;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.mappings.identity.Siret;
import fr.passerelle.iae.registry.employer.EmployerQueries;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiError;
import fr.passerelle.iae.routes.api.JsonBodies;

/** {@code GET /api/v1/employers/{siret}} and the reject report of an exchange (API.md). */
@Component
class EmployerApi {

    /** The employer look-up belongs to the registry API (API.md), with the PASS endpoints. */
    static final String FLOW = FlowCatalogue.PASS_API.id();

    private final EmployerQueries queries;
    private final RejectReport rejects;
    private final JsonBodies json;

    EmployerApi(EmployerQueries queries, RejectReport rejects, JsonBodies json) {
        this.queries = queries;
        this.rejects = rejects;
        this.json = json;
    }

    StoredAnswer get(ApiCall call) {
        Siret siret = Siret.parse(call.param("siret"), "siret").orThrow();
        return queries.find(siret.value())
                .map(employer -> json.answer(200, employer))
                .orElseThrow(() -> new ApiError(404, "NOT_FOUND", "API-RESOURCE", "siret",
                        "Aucun employeur connu pour ce SIRET."));
    }

    StoredAnswer rejects(ApiCall call) {
        UUID exchange;
        try {
            exchange = UUID.fromString(call.param("id"));
        } catch (IllegalArgumentException e) {
            exchange = null;
        }
        if (exchange == null || !rejects.exists(exchange)) {
            throw new ApiError(404, "NOT_FOUND", "API-RESOURCE", "id", "Échange inconnu.");
        }
        return new StoredAnswer(200, rejects.csv(exchange));
    }
}
