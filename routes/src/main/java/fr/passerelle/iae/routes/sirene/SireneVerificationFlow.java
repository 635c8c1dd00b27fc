package fr.passerelle.iae.routes.sirene;

import java.util.List;

import org.apache.camel.CamelContext;
import org.springframework.context.annotation.Lazy;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.connectors.sirene.SireneClient;
import fr.passerelle.iae.registry.sirene.SireneVerifications;
import fr.passerelle.iae.routes.ops.ScheduledFlow;
import fr.passerelle.iae.routes.ops.Leadership;

/** The {@code sirene-verification} flow as operations see it: its backlog is the verifications waiting. */
@Component
class SireneVerificationFlow implements ScheduledFlow {

    private final SireneVerifications queue;
    private final SiretVerifier verifier;
    private final SireneClient client;
    private final CamelContext camel;

    SireneVerificationFlow(SireneVerifications queue, SiretVerifier verifier, SireneClient client, @Lazy CamelContext camel) {
        this.queue = queue;
        this.verifier = verifier;
        this.client = client;
        this.camel = camel;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.SIRENE_VERIFICATION;
    }

    @Override
    public List<String> routeIds() {
        return List.of(SireneVerificationRoute.ROUTE);
    }

    @Override
    public long backlog() {
        return queue.pending();
    }

    @Override
    public String circuitBreaker() {
        return client.circuitState();
    }


    @Override
    public FlowRun runNow() {
        SiretVerifier.Turn turn = verifier.turn(() -> !camel.isStopping())
                .orElseThrow(() -> Leadership.busy(SireneVerifications.FLOW));
        return new FlowRun(turn.verified(), turn.failed());
    }
}
