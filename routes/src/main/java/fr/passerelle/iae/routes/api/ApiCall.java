package fr.passerelle.iae.routes.api;

import java.util.Map;

import fr.passerelle.iae.registry.access.ApiClients.ApiClient;

/** One authorised HTTP call, as the handlers of the API see it. */
public record ApiCall(ApiClient client, String idempotencyKey, byte[] body, Map<String, String> params) {

    public String param(String name) {
        return params.get(name);
    }
}
