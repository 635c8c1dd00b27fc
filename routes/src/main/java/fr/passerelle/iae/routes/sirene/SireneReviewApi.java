package fr.passerelle.iae.routes.sirene;

import java.util.Map;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.sirene.SireneReviews;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.JsonBodies;
import fr.passerelle.iae.routes.ops.OpsApi;

/** {@code GET /api/v1/ops/sirene/reviews?limit=}: what SIRENE said that the hub left to a person (EMP-40, EMP-41). */
@Component
class SireneReviewApi {

    private final SireneReviews reviews;
    private final JsonBodies json;

    SireneReviewApi(SireneReviews reviews, JsonBodies json) {
        this.reviews = reviews;
        this.json = json;
    }

    StoredAnswer list(ApiCall call) {
        return json.answer(200, Map.of("reviews", reviews.recent(OpsApi.limit(call))));
    }
}
