package fr.passerelle.iae.connectors.timestamp;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.math.BigInteger;
import java.net.URI;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.security.cert.CertificateEncodingException;
import java.util.Date;
import java.util.List;
import java.util.Set;

import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.asn1.x509.AlgorithmIdentifier;
import org.bouncycastle.cert.jcajce.JcaCertStore;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoGeneratorBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaDigestCalculatorProviderBuilder;
import org.bouncycastle.tsp.TSPAlgorithms;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampRequest;
import org.bouncycastle.tsp.TimeStampResponseGenerator;
import org.bouncycastle.tsp.TimeStampTokenGenerator;

import com.sun.net.httpserver.HttpExchange;

import fr.passerelle.iae.connectors.infra.LoopbackHttpServer;

/**
 * An RFC 3161 authority on loopback for the embedded default and the tests: SHA-256 requests only, tokens signed with
 * the TSA key of its {@link EmbeddedAuthorityChain}, under a test policy. Not qualified: its tokens show that a
 * checkpoint existed at a time by this node's own word, which is what a demonstration needs. {@link #failing}
 * makes it answer 503 until told otherwise, as an authority that is down.
 */
public final class EmbeddedTimestampAuthority implements AutoCloseable {

    /** A policy under the ITU-T / ISO "example" arc (2.999), which no real policy can be. */
    public static final ASN1ObjectIdentifier TEST_POLICY = new ASN1ObjectIdentifier("2.999.20.3161");

    private final LoopbackHttpServer server;
    private final EmbeddedAuthorityChain chain;
    private final TimeStampResponseGenerator replies;
    private final SecureRandom random = new SecureRandom();
    private volatile boolean failing;

    private EmbeddedTimestampAuthority(LoopbackHttpServer server, EmbeddedAuthorityChain chain, TimeStampResponseGenerator replies) {
        this.server = server;
        this.chain = chain;
        this.replies = replies;
    }

    /** Listens on {@code port} (0: a free one) with the chain of {@code folder}, made there on first start. */
    public static EmbeddedTimestampAuthority start(Path folder, int port) throws IOException {
        EmbeddedAuthorityChain chain = EmbeddedAuthorityChain.inFolder(folder);
        TimeStampResponseGenerator replies;
        try {
            TimeStampTokenGenerator tokens = new TimeStampTokenGenerator(
                    new JcaSimpleSignerInfoGeneratorBuilder().build("SHA256withECDSA", chain.tsaKey(), chain.tsa()),
                    new JcaDigestCalculatorProviderBuilder().build().get(new AlgorithmIdentifier(NISTObjectIdentifiers.id_sha256)),
                    TEST_POLICY);
            tokens.addCertificates(new JcaCertStore(List.of(chain.tsa())));
            replies = new TimeStampResponseGenerator(tokens, Set.of(TSPAlgorithms.SHA256));
        } catch (OperatorCreationException | TSPException | CertificateEncodingException e) {
            throw new IOException("the embedded timestamp authority cannot sign with the chain of " + folder + ": " + e.getMessage(), e);
        }
        LoopbackHttpServer server = LoopbackHttpServer.start("timestamp-authority", port, 2);
        EmbeddedTimestampAuthority authority = new EmbeddedTimestampAuthority(server, chain, replies);
        server.handleAll(authority::answer);
        return authority;
    }

    public URI url() {
        return server.baseUrl();
    }

    public EmbeddedAuthorityChain chain() {
        return chain;
    }

    /** While true, every request is answered 503, as by an authority that is down. */
    public void failing(boolean failing) {
        this.failing = failing;
    }

    private void answer(HttpExchange exchange) throws IOException {
        try (exchange; InputStream in = exchange.getRequestBody()) {
            byte[] body = in.readAllBytes();
            if (failing) {
                exchange.sendResponseHeaders(503, -1);
                return;
            }
            String type = exchange.getRequestHeaders().getFirst("Content-Type");
            if (!"POST".equals(exchange.getRequestMethod()) || type == null || !type.startsWith(TimestampClient.QUERY)) {
                exchange.sendResponseHeaders(415, -1);
                return;
            }
            TimeStampRequest request;
            try {
                request = new TimeStampRequest(body);
            } catch (IOException | IllegalArgumentException malformed) {
                exchange.sendResponseHeaders(400, -1);
                return;
            }
            byte[] reply;
            try {
                // a request for another digest algorithm gets a rejection reply, as RFC 3161 has it
                reply = replies.generate(request, new BigInteger(63, random), new Date()).getEncoded();
            } catch (TSPException e) {
                throw new IOException("no reply could be made: " + e.getMessage(), e);
            }
            exchange.getResponseHeaders().set("Content-Type", TimestampClient.REPLY);
            exchange.sendResponseHeaders(200, reply.length);
            try (OutputStream out = exchange.getResponseBody()) {
                out.write(reply);
            }
        }
    }

    @Override
    public void close() {
        server.close();
    }
}
