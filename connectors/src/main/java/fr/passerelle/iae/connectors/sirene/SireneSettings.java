package fr.passerelle.iae.connectors.sirene;

import java.net.URI;
import java.time.Duration;

/**
 * How the hub talks to the API Sirene 3.11 (PARTNERS §4.6).
 *
 * @param baseUrl             {@code https://api.insee.fr/api-sirene/3.11}
 * @param apiKey              value of the {@code X-INSEE-Api-Key-Integration} header (public plan)
 * @param retryAttempts       attempts of one look-up on 5xx or timeout before it is left for a later turn of the queue
 * @param breakerMinimumCalls calls in the breaker's window before it may open
 * @param breakerFailureRate  percentage of failed calls in that window that opens it
 * @param defaultRetryAfter   pause after a 429 without {@code Retry-After}
 */
public record SireneSettings(URI baseUrl, String apiKey, Duration timeout, int retryAttempts, Duration retryBackoff,
                             int breakerMinimumCalls, float breakerFailureRate, Duration breakerOpenFor,
                             Duration defaultRetryAfter) {

    @Override
    public String toString() {
        return "SireneSettings[baseUrl=" + baseUrl + "]";
    }
}
