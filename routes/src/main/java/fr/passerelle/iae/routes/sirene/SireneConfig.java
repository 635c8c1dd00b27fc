package fr.passerelle.iae.routes.sirene;

import java.net.URI;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.connectors.sirene.SireneClient;
import fr.passerelle.iae.connectors.sirene.SireneSettings;
import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.evidence.PartnerCalls;
import fr.passerelle.iae.routes.ops.PartnerLatency;
import fr.passerelle.iae.routes.runtime.EmbeddedDefault;

/** The SIRENE client from the {@code passerelle.sirene.*} properties (README, application.properties). */
@Configuration(proxyBeanMethods = false)
public class SireneConfig {

    @Bean
    SireneSettings sireneSettings(
            @Value("${passerelle.sirene.api-url:https://api.insee.fr/api-sirene/3.11}") URI apiUrl,
            @Value("${passerelle.sirene.api-key:}") String apiKey,
            @Value("${passerelle.sirene.timeout-ms}") long timeoutMs,
            @Value("${passerelle.sirene.retry.attempts}") int retryAttempts,
            @Value("${passerelle.sirene.retry.backoff-ms}") long backoffMs,
            @Value("${passerelle.sirene.breaker.minimum-calls}") int breakerCalls,
            @Value("${passerelle.sirene.breaker.failure-rate}") float breakerRate,
            @Value("${passerelle.sirene.breaker.open-ms}") long breakerOpenMs,
            @Value("${passerelle.sirene.retry-after-default-s}") long retryAfterSeconds) {
        return new SireneSettings(apiUrl, apiKey, Duration.ofMillis(timeoutMs), retryAttempts, Duration.ofMillis(backoffMs),
                breakerCalls, breakerRate, Duration.ofMillis(breakerOpenMs), Duration.ofSeconds(retryAfterSeconds));
    }

    /** Every request's duration on {@code passerelle.partner.latency{partner="insee"}} (/actuator/prometheus). */
    @Bean
    SireneClient sireneClient(SireneSettings settings, PartnerLatency latency, PartnerCalls calls) {
        return new SireneClient(settings, latency.of("insee"), calls.of(FlowCatalogue.SIRENE_VERIFICATION));
    }

    /** The poller thread of the {@code sirene/} drop box: a run on demand polls on it too (an SFTP consumer is not thread-safe). */
    @Bean(destroyMethod = "shutdownNow")
    ScheduledExecutorService sirenePoller() {
        return Executors.newSingleThreadScheduledExecutor(runnable -> {
            Thread thread = new Thread(runnable, "sirene-poller");
            thread.setDaemon(true);
            return thread;
        });
    }

    /** Closes the embedded default's INSEE simulator, if this JVM started one, with the context. */
    @Bean
    AutoCloseable inseeSimulatorShutdown() {
        return EmbeddedDefault::closeInseeSimulator;
    }
}
