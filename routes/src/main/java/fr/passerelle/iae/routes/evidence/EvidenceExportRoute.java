package fr.passerelle.iae.routes.evidence;

import java.time.DateTimeException;
import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.List;
import java.util.UUID;

import org.apache.camel.builder.RouteBuilder;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.identity.PassNumber;
import fr.passerelle.iae.registry.evidence.EvidenceExport;
import fr.passerelle.iae.routes.api.ApiCall;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.api.ApiError;

/**
 * {@code GET /api/v1/evidence?pass=…|exchange=…|from=…&to=…} (scope {@code audit:read}): the auditor's export of the
 * evidence journal, a ZIP that verifies outside the hub ({@link EvidenceExport}). A period's bounds are instants
 * ({@code 2026-12-05T09:00:00Z}) or days ({@code 2026-12-05}: from its start, Paris time; {@code to} excluded).
 */
@Component
public class EvidenceExportRoute extends RouteBuilder {

    static final String FLOW = "audit";
    private static final ZoneId PARIS = ZoneId.of("Europe/Paris");

    private final EvidenceExport export;
    private final ApiEndpoint endpoint;

    public EvidenceExportRoute(EvidenceExport export, ApiEndpoint endpoint) {
        this.export = export;
        this.endpoint = endpoint;
    }

    @Override
    public void configure() {
        rest("/evidence")
                .get().routeId("evidence-api-export").to("direct:evidence-export");
        from("direct:evidence-export").routeId("evidence-export")
                .process(endpoint.file(FLOW, "audit:read", List.of("pass", "exchange", "from", "to"), "application/zip",
                        (call, out) -> {
                            try {
                                if (!export.write(selection(call), out)) {
                                    throw new ApiError(404, "NOT_FOUND", "API-RESOURCE", null,
                                            "Aucune preuve scellée pour cette sélection : les échanges sont scellés dans les secondes qui suivent.");
                                }
                            } catch (EvidenceExport.TooLarge e) {
                                throw new ApiError(422, "EXPORT_TOO_LARGE", "API-FORMAT", "from", e.getMessage()
                                        + " : choisissez une période plus courte.");
                            }
                        }));
    }

    private static EvidenceExport.Selection selection(ApiCall call) {
        String pass = call.param("pass");
        String exchange = call.param("exchange");
        String from = call.param("from");
        String to = call.param("to");
        int criteria = (pass == null ? 0 : 1) + (exchange == null ? 0 : 1) + (from == null && to == null ? 0 : 1);
        if (criteria != 1) {
            throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", null,
                    "Donnez exactement un critère : pass, exchange, ou la période from et to.");
        }
        if (pass != null) {
            String number = pass.replace(" ", "");
            if (!PassNumber.isWellFormed(number)) {
                throw new ApiError(400, "INVALID_INPUT", "PASS-01", "pass", "Un numéro de PASS IAE compte 12 lettres ou chiffres.");
            }
            return new EvidenceExport.Selection(number, null, null, null);
        }
        if (exchange != null) {
            try {
                return new EvidenceExport.Selection(null, UUID.fromString(exchange), null, null);
            } catch (IllegalArgumentException e) {
                throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", "exchange", "L'identifiant d'échange n'est pas un UUID.");
            }
        }
        Instant start = instant("from", from);
        Instant end = instant("to", to);
        if (!start.isBefore(end)) {
            throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", "to", "La fin de la période doit suivre son début.");
        }
        return new EvidenceExport.Selection(null, null, start, end);
    }

    private static Instant instant(String field, String value) {
        if (value == null) {
            throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", field, "Une période a un début (from) et une fin (to).");
        }
        try {
            return value.length() == 10 ? LocalDate.parse(value).atStartOfDay(PARIS).toInstant() : Instant.parse(value);
        } catch (DateTimeException e) {
            throw new ApiError(400, "INVALID_INPUT", "API-FORMAT", field,
                    "Date (AAAA-MM-JJ) ou instant ISO-8601 (2026-12-05T09:00:00Z) attendu.");
        }
    }
}
