package fr.passerelle.iae.routes.evidence;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.connectors.WireTap;
import fr.passerelle.iae.registry.evidence.EvidenceLeaves;
import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.FlowCatalogue;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.MeterRegistry;

/**
 * The evidence leaves of the hub's calls to partners' APIs: each call and its answer, as they went over the wire. The
 * call has happened whatever becomes of its leaf: a leaf that cannot be written (the database down) does not turn
 * the call into a failure, which would have it sent again; it is logged and counted in
 * {@code passerelle_evidence_unrecorded_calls}, for operations to see the gap.
 */
@Component
public class PartnerCalls {

    private static final Logger LOG = LoggerFactory.getLogger(PartnerCalls.class);

    private final EvidenceLeaves leaves;
    private final Counter unrecorded;

    public PartnerCalls(EvidenceLeaves leaves, MeterRegistry registry) {
        this.leaves = leaves;
        this.unrecorded = Counter.builder("passerelle.evidence.unrecorded.calls")
                .description("Partner API calls made whose evidence leaf could not be written").register(registry);
    }

    public WireTap of(FlowCatalogue flow) {
        return (method, path, request, status, answer) -> {
            Map<String, String> coordinates = new LinkedHashMap<>();
            coordinates.put("method", method);
            coordinates.put("path", path);
            coordinates.put("request", MDC.get(ExchangeJournal.CORRELATION_ID));
            try {
                leaves.request(new EvidenceLeaves.Request(flow.id(), flow.partner().code(), "OUT", "https", coordinates, request,
                        Set.of()), status, answer);
            } catch (RuntimeException e) {
                unrecorded.increment();
                LOG.error("{}: the evidence leaf of a call to {} could not be written: {}", flow.id(), path, e.toString());
            }
        };
    }
}
