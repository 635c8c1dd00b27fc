package fr.passerelle.iae.routes.sirene;

import java.io.File;
import java.io.IOException;
import java.nio.file.Files;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.evidence.EvidenceStore;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.registry.sirene.SireneStockImport.Kind;
import fr.passerelle.iae.registry.sirene.SireneStockImport;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.routes.ops.Flow;

/** One stock file taken from the {@code sirene/} drop box: journalled by its SHA-256, then reconciled. */
@Component
class SireneStockIntake {

    private static final Logger LOG = LoggerFactory.getLogger(SireneStockIntake.class);

    /** Rows processed and rejected by this node since it started. */
    private final SireneStockImport imports;
    private final FlowStates flows;
    private final EvidenceStore store;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    SireneStockIntake(SireneStockImport imports, FlowStates flows, EvidenceStore store) {
        this.store = store;
        this.imports = imports;
        this.flows = flows;
    }

    Flow.FlowRun totals() {
        return new Flow.FlowRun(processed.get(), rejected.get());
    }

    void receive(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        File file = exchange.getMessage().getBody(File.class);
        Kind kind = name.startsWith("StockEtablissementLiensSuccession") ? Kind.SUCCESSIONS : Kind.ESTABLISHMENTS;
        long start = System.nanoTime();
        EvidenceStore.Kept kept = store.keep(SireneStockImport.PARTNER, List.of(file.toPath()));
        SireneStockImport.Result result = imports.importFile(kind, name, kept.sha256(), kept.size(),
                () -> Files.newInputStream(file.toPath()));
        long millis = (System.nanoTime() - start) / 1_000_000;
        switch (result.outcome()) {
            case HELD_ELSEWHERE -> throw new FileQuarantine.Postponed(name + " is being imported by another node");
            case ALREADY_IMPORTED -> {
                LOG.info("{}: {} was already imported (exchange {}): nothing changes", SireneStockImport.FLOW, name,
                        result.exchangeId());
                FileQuarantine.alreadyProcessed(exchange);
            }
            case REFUSED -> {
                LOG.warn("{}: {} refused whole, nothing applied (exchange {}): {}", SireneStockImport.FLOW, name,
                        result.exchangeId(), result.error());
                flows.failure(SireneStockImport.FLOW, "file " + name + " refused: " + result.error());
            }
            case DONE -> {
                var counts = result.counts();
                LOG.info("{}: {} reconciled in {} ms (exchange {}): received {}, applied {}, unchanged {}, rejected {}",
                        SireneStockImport.FLOW, name, millis, result.exchangeId(), counts.received(), counts.applied(),
                        counts.unchanged(), counts.rejected());
                processed.addAndGet(counts.received() - counts.rejected());
                rejected.addAndGet(counts.rejected());
                flows.success(SireneStockImport.FLOW, counts.received() - counts.rejected(), counts.rejected());
            }
        }
    }
}
