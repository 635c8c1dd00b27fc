package fr.passerelle.iae.routes.api;

import java.time.Duration;
import java.util.function.Supplier;

import org.apache.camel.Exchange;
import org.apache.camel.Message;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.identity.PersonalData;
import fr.passerelle.iae.registry.idempotency.StoredAnswer;
import fr.passerelle.iae.registry.pass.PassNotFound;
import fr.passerelle.iae.routes.FlowActivity;
import fr.passerelle.iae.routes.runtime.CorrelationIds;

/**
 * The HTTP answer of an API call, counted in {@link FlowActivity}: the handler's answer, or the error body of API.md.
 * A node too busy for the request answers 429 with Retry-After ({@link TryLater}); faults of the hub are 500s whose
 * detail stays in the log.
 */
@Component
class ApiAnswers {

    // the fault line keeps the logger name that log queries and alerts already select on
    private static final Logger LOG = LoggerFactory.getLogger(ApiEndpoint.class);

    private final JsonBodies json;
    private final FlowActivity activity;

    ApiAnswers(JsonBodies json, FlowActivity activity) {
        this.json = json;
        this.activity = activity;
    }

    void respond(String flow, Exchange exchange, Supplier<StoredAnswer> work) {
        StoredAnswer answer;
        String fault = null;
        Duration retryAfter = null;
        try {
            answer = work.get();
        } catch (TryLater e) {
            answer = json.error(new ApiError(429, e.code(), "API-BUSY", null, e.getMessage()));
            retryAfter = e.retryAfter();
        } catch (ApiError e) {
            answer = json.error(e);
        } catch (RejectedException e) {
            answer = json.refusal(e.rejection());
        } catch (PassNotFound e) {
            answer = json.error(new ApiError(404, "NOT_FOUND", "API-RESOURCE", null, e.getMessage()));
        } catch (RuntimeException e) {
            LOG.error("API fault on {} {}", exchange.getMessage().getHeader(Exchange.HTTP_METHOD),
                    exchange.getMessage().getHeader(Exchange.HTTP_PATH), PersonalData.masked(e));
            answer = json.error(new ApiError(500, "INTERNAL_ERROR", "API-FAULT", null,
                    "Erreur interne de la passerelle ; la demande n'a pas été appliquée."));
            fault = e.getClass().getSimpleName() + ": " + e.getMessage();
        }
        activity.answered(flow, answer.status(), fault);
        Message out = exchange.getMessage();
        String correlationId = CorrelationIds.of(exchange);
        // request headers (Authorization among them) must never travel back in the answer
        out.removeHeaders("*");
        out.setHeader(CorrelationIds.HTTP_HEADER, correlationId);
        out.setHeader(Exchange.HTTP_RESPONSE_CODE, answer.status());
        out.setHeader(Exchange.CONTENT_TYPE, "application/json; charset=utf-8");
        if (retryAfter != null) {
            out.setHeader("Retry-After", retryAfter.toSeconds());
        }
        out.setBody(answer.body());
    }
}
