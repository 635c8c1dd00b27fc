package fr.passerelle.iae.routes.sirene;

import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.BooleanSupplier;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.connectors.sirene.SireneAnswer;
import fr.passerelle.iae.connectors.sirene.SireneClient;
import fr.passerelle.iae.connectors.sirene.SireneUnavailable;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.sirene.SireneStates;
import fr.passerelle.iae.registry.sirene.SireneVerifications;
import fr.passerelle.iae.registry.sirene.SireneVerifications.Outcome;
import fr.passerelle.iae.routes.ops.Leadership;

/**
 * Works through the SIRET verification queue (flow {@code sirene-verification}): a SIRET whose answer is cached is
 * done at once; otherwise one request per slot of the shared rate limit (PARTNERS §4.6: 30 a minute, all nodes
 * together). INSEE down, rate-limited or the breaker open: the SIRET stays queued and the turn ends; no other flow
 * ever waits for INSEE. One node at a time takes turns, under the flow's lease.
 */
@Component
class SiretVerifier {

    /** Verified SIRETs and failures of one turn. */
    record Turn(int verified, int failed) {
    }

    private static final Logger LOG = LoggerFactory.getLogger(SiretVerifier.class);
    private static final int MAX_PER_TURN = 100;

    private final SireneVerifications queue;
    private final Leadership leadership;
    private final SireneStates states;
    private final SireneClient client;
    private final FlowStates flows;
    private final Duration interval;
    private final Duration retryDelay;
    private final ReentrantLock running = new ReentrantLock();

    SiretVerifier(SireneVerifications queue, Leadership leadership, SireneStates states, SireneClient client, FlowStates flows,
                  @Value("${passerelle.sirene.requests-per-minute}") double perMinute,
                  @Value("${passerelle.sirene.verification.retry-delay-ms}") long retryDelayMs) {
        this.queue = queue;
        this.leadership = leadership;
        this.states = states;
        this.client = client;
        this.flows = flows;
        this.interval = Duration.ofNanos((long) (60_000_000_000L / perMinute));
        this.retryDelay = Duration.ofMillis(retryDelayMs);
    }

    /**
     * One turn; {@code goOn} false stops it between two SIRETs (the hub is stopping). Nothing verified when a turn of
     * this node is under way; empty when another node's turn holds the lease, or when this one lost it midway.
     */
    Optional<Turn> turn(BooleanSupplier goOn) {
        if (!running.tryLock()) {
            return Optional.of(new Turn(0, 0));
        }
        try {
            return leadership.lead(SireneVerifications.FLOW, lease -> turn(lease, goOn));
        } finally {
            running.unlock();
        }
    }

    private Turn turn(Leases.Held lease, BooleanSupplier goOn) {
        int verified = 0;
        int failed = 0;
        for (int i = 0; i < MAX_PER_TURN && goOn.getAsBoolean(); i++) {
            Optional<String> next = queue.next();
            if (next.isEmpty()) {
                break;
            }
            String siret = next.get();
            try {
                Optional<SireneStates.Known> cached = states.cached(siret);
                if (cached.isPresent()) {
                    queue.fromCache(lease, siret, cached.get());
                    verified++;
                    continue;
                }
                if (!queue.takeSlot(interval)) {
                    break;
                }
                Outcome outcome = verify(lease, siret, client.lookup(siret));
                LOG.info("{}: {} verified: {}", SireneVerifications.FLOW, siret, outcome);
                verified++;
            } catch (SireneUnavailable e) {
                failed++;
                if (e.rateLimited()) {
                    queue.pauseCalls(e.retryAfter());
                }
                queue.retryLater(siret, e.reason() + ": " + e.getMessage(), e.rateLimited() ? e.retryAfter() : retryDelay);
                flows.failure(SireneVerifications.FLOW, e.reason() + ": " + e.getMessage());
                LOG.warn("{}: {} stays queued: {}", SireneVerifications.FLOW, siret, e.getMessage());
                break;
            } catch (Leases.LeaseLost e) {
                throw e;
            } catch (RuntimeException e) {
                // a fault of the hub on this SIRET: it waits its turn again, the SIRETs behind it go on
                failed++;
                queue.retryLater(siret, e.toString(), retryDelay);
                flows.failure(SireneVerifications.FLOW, siret + ": " + e);
                LOG.error("{}: {} failed, tried again later", SireneVerifications.FLOW, siret, e);
            }
        }
        if (verified > 0) {
            flows.success(SireneVerifications.FLOW, verified, 0);
        }
        return new Turn(verified, failed);
    }

    private Outcome verify(Leases.Held lease, String siret, SireneAnswer answer) {
        if (answer instanceof SireneAnswer.Found found) {
            return queue.found(lease, found.establishment());
        }
        if (answer instanceof SireneAnswer.Unknown) {
            return queue.unknown(lease, siret);
        }
        if (answer instanceof SireneAnswer.NotDiffusible) {
            return queue.undisclosed(lease, siret);
        }
        return queue.refused(lease, siret, ((SireneAnswer.Refused) answer).message());
    }
}
