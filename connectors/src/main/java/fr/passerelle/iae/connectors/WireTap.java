package fr.passerelle.iae.connectors;

/**
 * Told of every call made to a partner's API with the exact bytes that went out and came back, so that the evidence
 * journal keeps them. A request sent without an answer (a timeout, a broken connection) is told with status 0 and no
 * answer bytes: it may have been acted on. Credentials never go through it: token requests are not told.
 */
@FunctionalInterface
public interface WireTap {

    WireTap NONE = (method, path, request, status, answer) -> { };

    void exchanged(String method, String path, byte[] request, int status, byte[] answer);
}
