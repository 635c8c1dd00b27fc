package fr.passerelle.iae.routes.sirene;

import java.util.Map;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.sirene.SireneReviews;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiError;
import fr.passerelle.iae.routes.api.JsonBodies;

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
        String raw = call.param("limit");
        int limit;
        try {
            limit = raw == null ? 100 : Integer.parseInt(raw);
        } catch (NumberFormatException e) {
            limit = -1;
        }
        if (limit < 1 || limit > 1000) {
            throw new ApiError(400, "INVALID_INPUT", "API-INPUT", "limit", "La limite doit être un entier de 1 à 1000.");
        }
        return json.answer(200, Map.of("reviews", reviews.recent(limit)));
    }
}
