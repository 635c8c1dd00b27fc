package fr.passerelle.iae.routes.evidence;

import java.io.IOException;
import java.nio.file.Path;
import java.util.List;

import org.apache.camel.LoggingLevel;
import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;

import fr.passerelle.iae.registry.evidence.CheckpointSigner;
import fr.passerelle.iae.registry.evidence.EvidenceSealer;
import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.routes.api.ApiEndpoint;
import fr.passerelle.iae.routes.api.JsonBodies;

/**
 * The evidence journal's timers. Not flows: nothing is exchanged with a partner. {@code evidence-sealer} seals
 * every few seconds ({@code passerelle.evidence.seal-period-ms}) with the node's key
 * ({@code passerelle.evidence.signing-key}, made on first start); a failed seal is logged and the next tick seals what
 * it missed. {@code evidence-timestamper} has the latest checkpoint timestamped by an RFC 3161 authority
 * ({@code passerelle.evidence.timestamp-period-ms}, every minute; {@link EvidenceTimestamping}). {@code evidence-retention}
 * removes the kept files whose partner's retention has ended ({@code passerelle.evidence.purge-period-ms}, daily). {@code evidence-verifier} checks the whole journal ({@code passerelle.evidence.verify-period-ms}, daily),
 * and on demand: {@code POST /api/v1/ops/evidence/verify}; {@code GET /api/v1/ops/evidence} shows where it stands.
 */
@Component
public class EvidenceRoutes extends RouteBuilder {

    private static final Logger LOG = LoggerFactory.getLogger(EvidenceRoutes.class);

    public static final String SEALER = "evidence-sealer";
    public static final String VERIFIER = "evidence-verifier";
    public static final String TIMESTAMPER = "evidence-timestamper";
    public static final String RETENTION = "evidence-retention";

    private static final int PURGE_BATCH = 1000;

    private final EvidenceSealer sealer;
    private final EvidenceVerification verification;
    private final EvidenceTimestamping timestamping;
    private final EvidenceStore store;
    private final ApiEndpoint endpoint;
    private final JsonBodies json;

    public EvidenceRoutes(JdbcClient jdbc, PlatformTransactionManager transactions, EvidenceVerification verification,
                          EvidenceTimestamping timestamping, EvidenceStore store, ApiEndpoint endpoint, JsonBodies json,
                          @Value("${passerelle.evidence.signing-key}") String signingKey)
            throws IOException {
        this.sealer = new EvidenceSealer(jdbc, transactions, CheckpointSigner.fromFile(Path.of(signingKey)));
        if (jdbc.sql("SELECT pg_get_userbyid(relowner) = current_user FROM pg_class WHERE relname = 'evidence_leaf' AND relkind = 'r'")
                .query(Boolean.class).optional().orElse(false)) {
            LOG.warn("The hub's database role owns the evidence tables: it could change them. Run the migrations as an owner"
                    + " role of their own (PASSERELLE_DB_OWNER_USER, README \"The database roles\").");
        }
        this.verification = verification;
        this.timestamping = timestamping;
        this.store = store;
        this.endpoint = endpoint;
        this.json = json;
    }

    @Override
    public void configure() {
        onException(Exception.class)
                .handled(true)
                .log(LoggingLevel.WARN, "${routeId}: failed, run again at the next tick: ${exception.message}");
        from("timer:" + SEALER + "?period={{passerelle.evidence.seal-period-ms}}&delay=1000")
                .routeId(SEALER)
                .process(exchange -> sealer.seal());
        from("timer:" + VERIFIER + "?period={{passerelle.evidence.verify-period-ms}}&delay={{passerelle.evidence.verify-delay-ms}}")
                .routeId(VERIFIER)
                .process(exchange -> verification.run());
        // a thread of its own: a slow or absent authority holds back this timer alone, never an exchange nor the sealer
        from("timer:" + TIMESTAMPER + "?period={{passerelle.evidence.timestamp-period-ms}}&delay=2000")
                .routeId(TIMESTAMPER)
                .process(exchange -> timestamping.run());
        from("timer:" + RETENTION + "?period={{passerelle.evidence.purge-period-ms}}&delay=60000")
                .routeId(RETENTION)
                .process(exchange -> {
                    int removed = 0;
                    int batch;
                    do {
                        batch = store.purgeExpired(PURGE_BATCH);
                        removed += batch;
                    } while (batch == PURGE_BATCH);
                    if (removed > 0) {
                        LOG.info("evidence store: {} files removed at the end of their retention", removed);
                    }
                });

        rest("/ops/evidence")
                .get().routeId("ops-api-evidence").to("direct:ops-evidence")
                .post("/verify").routeId("ops-api-evidence-verify").to("direct:ops-evidence-verify");
        from("direct:ops-evidence").routeId("ops-evidence")
                .process(endpoint.query("ops", "ops:read", List.of(), call -> json.answer(200, verification.view())));
        from("direct:ops-evidence-verify").routeId("ops-evidence-verify")
                .process(endpoint.command("ops", "ops-evidence-verify", "ops:write", List.of(),
                        call -> json.answer(200, verification.run())));
    }
}
