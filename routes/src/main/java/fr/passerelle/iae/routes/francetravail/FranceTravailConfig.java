package fr.passerelle.iae.routes.francetravail;

import java.net.URI;
import java.time.Duration;

import io.micrometer.core.instrument.FunctionCounter;
import io.micrometer.core.instrument.binder.MeterBinder;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.connectors.francetravail.FranceTravailClient;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSettings;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.evidence.PartnerCalls;
import fr.passerelle.iae.routes.ops.PartnerLatency;
import fr.passerelle.iae.routes.runtime.EmbeddedDefault;

/** The France Travail client from the {@code passerelle.francetravail.*} properties (README, application.properties). */
@Configuration(proxyBeanMethods = false)
public class FranceTravailConfig {

    @Bean
    FranceTravailSettings franceTravailSettings(
            @Value("${passerelle.francetravail.auth-url:https://entreprise.francetravail.fr}") URI authUrl,
            @Value("${passerelle.francetravail.api-url:https://api.francetravail.io/partenaire}") URI apiUrl,
            @Value("${passerelle.francetravail.client-id:}") String clientId,
            @Value("${passerelle.francetravail.client-secret:}") String clientSecret,
            @Value("${passerelle.francetravail.update-scope}") String updateScope,
            @Value("${passerelle.francetravail.timeout-ms}") long timeoutMs,
            @Value("${passerelle.francetravail.calls-per-second}") double callsPerSecond,
            @Value("${passerelle.francetravail.retry.attempts}") int retryAttempts,
            @Value("${passerelle.francetravail.retry.backoff-ms}") long backoffMs,
            @Value("${passerelle.francetravail.breaker.minimum-calls}") int breakerCalls,
            @Value("${passerelle.francetravail.breaker.failure-rate}") float breakerRate,
            @Value("${passerelle.francetravail.breaker.open-ms}") long breakerOpenMs,
            @Value("${passerelle.francetravail.retry-after-default-s}") long retryAfterSeconds) {
        return new FranceTravailSettings(authUrl, apiUrl, clientId, clientSecret, updateScope, Duration.ofMillis(timeoutMs),
                callsPerSecond, retryAttempts, Duration.ofMillis(backoffMs), breakerCalls, breakerRate,
                Duration.ofMillis(breakerOpenMs), Duration.ofSeconds(retryAfterSeconds));
    }

    /** Calls made and 429 received, for operations (and the notification benchmark) on /actuator/prometheus. */
    @Bean
    MeterBinder franceTravailMeters(FranceTravailClient client) {
        return registry -> {
            FunctionCounter.builder("passerelle.francetravail.calls", client, FranceTravailClient::callCount)
                    .description("France Travail API calls, retries included").register(registry);
            FunctionCounter.builder("passerelle.francetravail.rate_limited", client, FranceTravailClient::rateLimitedCount)
                    .description("France Travail answers 429").register(registry);
        };
    }

    /** Closes the embedded default's France Travail simulator, if this JVM started one, with the context. */
    @Bean
    AutoCloseable franceTravailSimulatorShutdown() {
        return EmbeddedDefault::closeFranceTravailSimulator;
    }

    /** Every API call and answer gets its evidence leaf, the PASS it notifies named ({@code numPassIAE}). */
    @Bean
    FranceTravailClient franceTravailClient(FranceTravailSettings settings, PartnerLatency latency, PartnerCalls calls) {
        return new FranceTravailClient(settings, latency.of("francetravail"), calls.of(FlowCatalogue.FT_NOTIFICATIONS));
    }
}
