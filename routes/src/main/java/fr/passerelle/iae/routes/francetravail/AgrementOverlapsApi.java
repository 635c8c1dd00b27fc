package fr.passerelle.iae.routes.francetravail;

import java.util.Map;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.francetravail.AgrementOverlaps;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.JsonBodies;
import fr.passerelle.iae.routes.ops.OpsApi;

/** {@code GET /api/v1/ops/agrements/overlaps?limit=}: agréments overtaken by another PASS of their person, with what to do. */
@Component
class AgrementOverlapsApi {

    private final AgrementOverlaps overlaps;
    private final JsonBodies json;

    AgrementOverlapsApi(AgrementOverlaps overlaps, JsonBodies json) {
        this.overlaps = overlaps;
        this.json = json;
    }

    StoredAnswer list(ApiCall call) {
        return json.answer(200, Map.of("overlaps", overlaps.recent(OpsApi.limit(call))));
    }
}
