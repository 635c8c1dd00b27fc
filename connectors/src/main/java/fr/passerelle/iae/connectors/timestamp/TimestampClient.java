package fr.passerelle.iae.connectors.timestamp;

import java.io.IOException;
import java.math.BigInteger;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.security.SecureRandom;
import java.time.Duration;

import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampRequestGenerator;
import org.bouncycastle.tsp.TimeStampResponse;

/**
 * An RFC 3161 client over HTTP (RFC 3161 §3.4): posts a {@code application/timestamp-query} for a SHA-256 digest,
 * with a fresh nonce and the authority's certificate asked for, and keeps the answer's token only when it is granted
 * and is for this digest and this nonce.
 */
public final class TimestampClient {

    static final String QUERY = "application/timestamp-query";
    static final String REPLY = "application/timestamp-reply";

    private final URI url;
    private final Duration readTimeout;
    private final HttpClient http;
    private final SecureRandom random = new SecureRandom();

    public TimestampClient(URI url, Duration connectTimeout, Duration readTimeout) {
        this.url = url;
        this.readTimeout = readTimeout;
        this.http = HttpClient.newBuilder().connectTimeout(connectTimeout).build();
    }

    /** The DER bytes of a token (a CMS SignedData) over {@code sha256}, the authority's certificate inside. */
    public byte[] stamp(byte[] sha256) {
        TimeStampRequestGenerator generator = new TimeStampRequestGenerator();
        generator.setCertReq(true);
        TimeStampRequest request = generator.generate(TSPAlgorithms.SHA256, sha256, new BigInteger(63, random));
        HttpResponse<byte[]> answer;
        try {
            answer = http.send(HttpRequest.newBuilder(url).timeout(readTimeout).header("Content-Type", QUERY)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(request.getEncoded())).build(), HttpResponse.BodyHandlers.ofByteArray());
        } catch (HttpTimeoutException e) {
            throw new TimestampUnavailable("TIMEOUT", url + " did not answer within " + readTimeout, e);
        } catch (IOException e) {
            throw new TimestampUnavailable("NETWORK", url + ": " + e, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new TimestampUnavailable("NETWORK", url + ": interrupted", e);
        }
        if (answer.statusCode() != 200) {
            throw new TimestampUnavailable("HTTP_" + answer.statusCode(), url + " answered HTTP " + answer.statusCode(), null);
        }
        if (!answer.headers().firstValue("Content-Type").orElse("").startsWith(REPLY)) {
            throw new TimestampUnavailable("MALFORMED", url + " answered " + answer.headers().firstValue("Content-Type").orElse("no type")
                    + ", not " + REPLY, null);
        }
        TimeStampResponse response;
        try {
            response = new TimeStampResponse(answer.body());
        } catch (TSPException | IOException | IllegalArgumentException e) {
            throw new TimestampUnavailable("MALFORMED", url + " answered no RFC 3161 reply: " + e.getMessage(), e);
        }
        if (response.getTimeStampToken() == null) {
            throw new TimestampUnavailable("REJECTED", url + " granted no token: status " + response.getStatus() + " "
                    + response.getStatusString() + (response.getFailInfo() == null ? "" : ", failure " + response.getFailInfo().intValue()), null);
        }
        try {
            // the reply's status, nonce, digest algorithm and message imprint against the request
            response.validate(request);
            return response.getTimeStampToken().getEncoded();
        } catch (TSPException | IOException e) {
            throw new TimestampUnavailable("MISMATCH", url + " answered a token that is not for this request: " + e.getMessage(), e);
        }
    }
}
