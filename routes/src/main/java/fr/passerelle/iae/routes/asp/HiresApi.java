package fr.passerelle.iae.routes.asp;

import java.time.Clock;
import java.time.Instant;
import java.time.LocalDate;
import java.util.List;
import java.util.UUID;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RequestFields;
import fr.passerelle.iae.registry.fichesalarie.FicheSalarieQueries;
import fr.passerelle.iae.registry.fichesalarie.FicheSalarieStatus;
import fr.passerelle.iae.registry.fichesalarie.HireDeclaration;
import fr.passerelle.iae.registry.fichesalarie.HiresAwaitingConvention;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.pass.IssuanceResult;
import fr.passerelle.iae.registry.pass.PassNotFound;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.JsonBodies;
import fr.passerelle.iae.routes.ops.OpsApi;

/** Hires and fiches salarié (API.md), shared by the REST routes and the Kafka route of {@code iae.hires.v1}. */
@Component
public class HiresApi {

    /** The answer of {@code POST /api/v1/passes} plus the hire's fiche salarié (null when it gets none). */
    public record HireAnswer(String number, LocalDate startDate, LocalDate endDate, String status, String decision, UUID personId,
                             FicheSalarieAnswer ficheSalarie) {
    }

    public record FicheSalarieAnswer(UUID id, String status, List<String> missing) {
    }

    public record FicheSalarieBody(UUID id, String passNumber, String siret, String measure, String status, List<String> missing,
                                   String aspFile, Integer aspLine, String aspCode, String aspLabel, boolean processedAsDuplicate,
                                   List<FicheSalarieQueries.HistoryLine> history) {
    }

    private final HireDeclaration hires;
    private final FicheSalarieQueries fiches;
    private final HiresAwaitingConvention waiting;
    private final JsonBodies json;
    private final Clock clock;

    public HiresApi(HireDeclaration hires, FicheSalarieQueries fiches, HiresAwaitingConvention waiting, JsonBodies json,
                    Clock clock) {
        this.hires = hires;
        this.fiches = fiches;
        this.waiting = waiting;
        this.json = json;
        this.clock = clock;
    }

    /** {@code POST /api/v1/hires}: 201 for a new PASS, 200 when reused; refusals as {@code POST /api/v1/passes}. */
    public StoredAnswer declare(ApiCall call) {
        return declare(call, clock.instant());
    }

    public StoredAnswer declare(ApiCall call, Instant declaredAt) {
        HireRequest request = json.read(call.body(), HireRequest.class);
        HireDeclaration.Declared declared = hires.declare(request.issuance(), request.employee(), declaredAt);
        IssuanceResult pass = declared.pass();
        FicheSalarieAnswer fiche = declared.ficheSalarie()
                .map(s -> new FicheSalarieAnswer(s.id(), s.status().name(), s.missing())).orElse(null);
        return json.answer(pass.decision() == IssuanceResult.Decision.ISSUED ? 201 : 200,
                new HireAnswer(pass.number(), pass.startDate(), pass.endDate(), pass.status().name(), pass.decision().name(),
                        pass.personId(), fiche));
    }

    /** {@code GET /api/v1/fiches-salarie/{id}}. */
    public StoredAnswer get(ApiCall call) {
        UUID id;
        try {
            id = UUID.fromString(call.param("id"));
        } catch (IllegalArgumentException | NullPointerException e) {
            throw new PassNotFound("La fiche salarié " + call.param("id") + " n'existe pas.");
        }
        FicheSalarieQueries.FicheSalarieView view = fiches.byId(id)
                .orElseThrow(() -> new PassNotFound("La fiche salarié " + id + " n'existe pas."));
        return json.answer(200, new FicheSalarieBody(view.id(), view.passNumber(), view.siret(), view.measure(), view.status(),
                view.missing(), view.aspFile(), view.aspLine(), view.aspCode(), view.aspLabel(), view.processedAsDuplicate(),
                view.history()));
    }

    /** {@code GET /api/v1/ops/fiches-salarie?status=NEW&limit=}: e.g. the incomplete fiches and what each lacks. */
    public StoredAnswer list(ApiCall call) {
        FicheSalarieStatus status = call.param("status") == null || call.param("status").isBlank() ? FicheSalarieStatus.NEW
                : RequestFields.enumValue(FicheSalarieStatus.class, call.param("status"), "status");
        return json.answer(200, fiches.withStatus(status, OpsApi.limit(call)));
    }

    /**
     * {@code GET /api/v1/ops/hires/waiting-convention?limit=}: hires whose answer said {@code "ficheSalarie": null}
     * because ASP does not know their employer yet (FS-01); they get their fiche when its convention arrives.
     */
    public StoredAnswer waitingConvention(ApiCall call) {
        return json.answer(200, waiting.list(OpsApi.limit(call)));
    }
}
