package fr.passerelle.iae.routes.pass;

import java.time.Clock;
import java.util.List;
import java.util.Map;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RequestFields;
import fr.passerelle.iae.mappings.identity.FranceTravailId;
import fr.passerelle.iae.mappings.identity.Nir;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.pass.HireCancellation;
import fr.passerelle.iae.registry.pass.IssuanceRequest;
import fr.passerelle.iae.registry.pass.IssuanceResult;
import fr.passerelle.iae.registry.pass.PassIssuance;
import fr.passerelle.iae.registry.pass.PassNotFound;
import fr.passerelle.iae.registry.pass.PassProlongations;
import fr.passerelle.iae.registry.pass.PassQueries;
import fr.passerelle.iae.registry.pass.PassSuspensions;
import fr.passerelle.iae.registry.pass.PassView;
import fr.passerelle.iae.registry.person.Identity;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.JsonBodies;

/** The PASS endpoints of API.md, shared by the REST routes and the Kafka command route. */
@Component
public class PassApi {

    public record IssuanceAnswer(String number, java.time.LocalDate startDate, java.time.LocalDate endDate, String status,
                                 String decision, java.util.UUID personId) {
        static IssuanceAnswer of(IssuanceResult r) {
            return new IssuanceAnswer(r.number(), r.startDate(), r.endDate(), r.status().name(), r.decision().name(), r.personId());
        }
    }

    public record SearchRequest(String nir, String franceTravailId, String birthDate) {
        @Override
        public String toString() {
            return "SearchRequest[masked]";
        }
    }

    public record EndRequest(String endDate) {
    }

    private final PassIssuance issuance;
    private final PassQueries queries;
    private final PassSuspensions suspensions;
    private final PassProlongations prolongations;
    private final HireCancellation cancellation;
    private final JsonBodies json;
    private final Clock clock;

    public PassApi(PassIssuance issuance, PassQueries queries, PassSuspensions suspensions, PassProlongations prolongations,
                   HireCancellation cancellation, JsonBodies json, Clock clock) {
        this.issuance = issuance;
        this.queries = queries;
        this.suspensions = suspensions;
        this.prolongations = prolongations;
        this.cancellation = cancellation;
        this.json = json;
        this.clock = clock;
    }

    /** {@code POST /api/v1/passes}: 201 for a new number, 200 when the person's PASS is reused. */
    public StoredAnswer issue(ApiCall call) {
        return issue(call, clock.instant());
    }

    /** @param declaredAt when the hire was declared: "today" for the date rules */
    public StoredAnswer issue(ApiCall call, java.time.Instant declaredAt) {
        IssuanceResult result = issuance.issue(json.read(call.body(), IssuanceRequest.class), declaredAt);
        return json.answer(result.decision() == IssuanceResult.Decision.ISSUED ? 201 : 200, IssuanceAnswer.of(result));
    }

    public StoredAnswer get(ApiCall call) {
        return json.answer(200, view(call.param("number")));
    }

    public StoredAnswer search(ApiCall call) {
        SearchRequest request = json.read(call.body(), SearchRequest.class);
        Identity identity;
        if (request.nir() != null && !request.nir().isBlank()) {
            identity = new Identity(Nir.parse(request.nir(), "nir").orThrow(), null, null, null, null, null);
        } else {
            FranceTravailId id = FranceTravailId.parse(RequestFields.requiredText(request.franceTravailId(), "franceTravailId"),
                    "franceTravailId").orThrow();
            identity = new Identity(null, id, null, null, null, RequestFields.date(request.birthDate(), "birthDate"));
        }
        List<PassView> passes = queries.ofPerson(identity);
        return json.answer(200, Map.of("passes", passes));
    }

    public StoredAnswer suspend(ApiCall call) {
        String number = suspensions.suspend(call.param("number"), json.read(call.body(), PassSuspensions.SuspensionRequest.class));
        return json.answer(201, view(number));
    }

    public StoredAnswer endSuspension(ApiCall call) {
        String number = suspensions.endEarly(call.param("number"), call.param("id"), json.read(call.body(), EndRequest.class).endDate());
        return json.answer(200, view(number));
    }

    public StoredAnswer prolong(ApiCall call) {
        String number = prolongations.prolong(call.param("number"), json.read(call.body(), PassProlongations.ProlongationRequest.class));
        return json.answer(201, view(number));
    }

    public StoredAnswer cancel(ApiCall call) {
        HireCancellation.Cancelled cancelled = cancellation.cancel(call.param("number"),
                json.read(call.body(), HireCancellation.CancellationRequest.class));
        return json.answer(200, Map.of("number", cancelled.number(), "status", cancelled.status().name()));
    }

    private PassView view(String number) {
        return queries.byNumber(number).orElseThrow(() -> new PassNotFound("Le PASS IAE " + number + " n'existe pas."));
    }
}
