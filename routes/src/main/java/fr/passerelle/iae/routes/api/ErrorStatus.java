package fr.passerelle.iae.routes.api;

import java.util.Set;

/** HTTP status of each public error code (API.md conventions): 400 malformed, 409 conflict, 422 business refusal. */
final class ErrorStatus {

    private static final Set<String> BAD_REQUEST = Set.of("INVALID_INPUT", "INVALID_NIR", "INVALID_SIRET",
            "INVALID_FRANCE_TRAVAIL_ID", "UNKNOWN_CRITERION", "IDEMPOTENCY_KEY_REQUIRED");
    private static final Set<String> CONFLICT = Set.of("IDEMPOTENCY_KEY_REUSED");

    private ErrorStatus() {
    }

    static int of(String code) {
        if (BAD_REQUEST.contains(code)) {
            return 400;
        }
        if (CONFLICT.contains(code)) {
            return 409;
        }
        return 422;
    }
}
