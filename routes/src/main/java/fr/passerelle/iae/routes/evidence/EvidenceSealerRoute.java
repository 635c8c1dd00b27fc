package fr.passerelle.iae.routes.evidence;

import java.io.IOException;
import java.nio.file.Path;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import fr.passerelle.iae.registry.evidence.CheckpointSigner;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;

/**
 * Seals the evidence journal every few seconds ({@code passerelle.evidence.seal-period-ms}) with the node's key
 * ({@code passerelle.evidence.signing-key}, made on first start). Not a flow: nothing is exchanged with a partner. A
 * failed seal is logged, and the next tick seals what it missed.
 */
@Component
public class EvidenceSealerRoute extends RouteBuilder {

    public static final String ROUTE = "evidence-sealer";

    private final EvidenceSealer sealer;

    public EvidenceSealerRoute(JdbcClient jdbc, PlatformTransactionManager transactions,
                               @Value("${passerelle.evidence.signing-key}") String signingKey) throws IOException {
        this.sealer = new EvidenceSealer(jdbc, transactions, CheckpointSigner.fromFile(Path.of(signingKey)));
    }

    @Override
    public void configure() {
        from("timer:" + ROUTE + "?period={{passerelle.evidence.seal-period-ms}}&delay=1000")
                .routeId(ROUTE)
                .onException(Exception.class)
                    .handled(true)
                    .log(LoggingLevel.WARN, "${routeId}: failed, sealed again at the next tick: ${exception.message}")
                .end()
                .process(exchange -> sealer.seal());
    }
}
