package fr.passerelle.iae.connectors.francetravail;

import java.net.URI;
import java.time.Duration;

/**
 * How the hub talks to France Travail (PARTNERS §3.2, §3.3).
 *
 * @param authBaseUrl      base of the token endpoint ({@code https://entreprise.francetravail.fr})
 * @param apiBaseUrl       base of both APIs ({@code https://api.francetravail.io/partenaire})
 * @param updateScope      {@code api_maj-pass-iaev1}, or {@code api_testmaj-pass-iaev1} in the sandbox
 * @param callsPerSecond   pace of API calls, spread evenly (one call every 1/rate second)
 * @param retryAttempts    attempts of one identity look-up before it is left for the next dispatch cycle
 *                         ({@code maj-pass-iae} is not idempotent: always one attempt, §3.5)
 * @param breakerMinimumCalls calls in the breaker's window before it may open
 * @param breakerFailureRate  percentage of failed calls in that window that opens it
 */
public record FranceTravailSettings(URI authBaseUrl, URI apiBaseUrl, String clientId, String clientSecret, String updateScope,
                                    Duration timeout, double callsPerSecond, int retryAttempts, Duration retryBackoff,
                                    int breakerMinimumCalls, float breakerFailureRate, Duration breakerOpenFor,
                                    Duration defaultRetryAfter) {

    public String scope() {
        return "application_" + clientId + " api_rechercheindividucertifiev1 rechercherIndividuCertifie " + updateScope
                + " passIAE";
    }

    @Override
    public String toString() {
        return "FranceTravailSettings[auth=" + authBaseUrl + ", api=" + apiBaseUrl + ", clientId=" + clientId + "]";
    }
}
