package fr.passerelle.iae.routes.api;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.registry.access.ApiClients.ApiClient;

/**
 * Who calls the API and what it may do: an {@code Authorization: Bearer <key>} header names an {@link ApiClient},
 * whose scopes open the operations. The servlet gates read the same header with {@link #bearer(String)}.
 */
@Component
public class ApiAuthentication {

    private final ApiClients clients;

    public ApiAuthentication(ApiClients clients) {
        this.clients = clients;
    }

    /** The key of an {@code Authorization: Bearer <key>} header; null when there is none. */
    public static String bearer(String authorization) {
        return authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)
                ? authorization.substring(7).strip() : null;
    }

    static ApiError unauthorized() {
        return new ApiError(401, "UNAUTHORIZED", "API-AUTH", null,
                "Une clé d'API valide est nécessaire (en-tête Authorization: Bearer <clé>).");
    }

    /** The client of this header when it has {@code scope}: 401 without a valid key, 403 without the scope. */
    ApiClient authorize(String authorization, String scope) {
        ApiClient client = clients.authenticate(bearer(authorization)).orElseThrow(ApiAuthentication::unauthorized);
        if (!client.has(scope)) {
            throw new ApiError(403, "FORBIDDEN", "API-AUTH", null, "Cette clé d'API n'a pas le droit " + scope + ".");
        }
        return client;
    }
}
