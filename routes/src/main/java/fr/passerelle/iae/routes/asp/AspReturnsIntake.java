package fr.passerelle.iae.routes.asp;

import java.io.File;
import java.io.IOException;
import java.util.concurrent.atomic.AtomicLong;

import org.apache.camel.Exchange;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.fichesalarie.AspReturns;
import fr.passerelle.iae.registry.fichesalarie.AspUploads;
import fr.passerelle.iae.routes.FileQuarantine;
import fr.passerelle.iae.registry.journal.FlowStates;
import fr.passerelle.iae.routes.ops.Flow;

/**
 * One return file taken from {@code retrait/}: applied line by line in one database transaction that commits here,
 * inside the exchange, so the consumer deletes the remote file only after the commit ({@code delete=true} runs when the
 * exchange completes). A file applied before (same checksum) is deleted with no second effect; one that cannot be read
 * at all stays.
 */
@Component
class AspReturnsIntake {

    private static final Logger LOG = LoggerFactory.getLogger(AspReturnsIntake.class);

    private final AspReturns returns;
    private final FlowStates flows;
    private final FileQuarantine quarantine;
    private final AspReturnsWindow window;
    private final AtomicLong processed = new AtomicLong();
    private final AtomicLong rejected = new AtomicLong();

    AspReturnsIntake(AspReturns returns, FlowStates flows, FileQuarantine quarantine, AspReturnsWindow window) {
        this.returns = returns;
        this.flows = flows;
        this.quarantine = quarantine;
        this.window = window;
    }

    Flow.FlowRun totals() {
        return new Flow.FlowRun(processed.get(), rejected.get());
    }

    void receive(Exchange exchange) throws IOException {
        String name = exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class);
        java.nio.file.Path file = exchange.getMessage().getBody(File.class).toPath();
        AspReturns.Result result = returns.receive(name, file);
        if (result.outcome() == AspReturns.Outcome.HELD_ELSEWHERE) {
            // read again at the next poll, not at the next slot hours away: the other node has applied it by then, or its
            // claim has expired (a node killed while applying it) and this one applies it
            window.request();
            throw new FileQuarantine.Postponed(name + " : being applied by another node");
        }
        if (result.outcome() != AspReturns.Outcome.REFUSED) {
            quarantine.passed(AspReturns.FLOW, name, java.nio.file.Files.size(file));
        }
        switch (result.outcome()) {
            case APPLIED -> {
                processed.addAndGet(result.lines());
                rejected.addAndGet(result.skipped());
                flows.success(AspReturns.FLOW, result.lines(), result.skipped());
                LOG.info("asp-returns: {} applied ({} lines, {} set aside and reported)", name, result.lines(), result.skipped());
            }
            case ALREADY_APPLIED -> LOG.info("asp-returns: {} was already applied; removed with no effect", name);
            case REFUSED -> {
                rejected.incrementAndGet();
                flows.success(AspReturns.FLOW, 0, 1);
                LOG.warn("asp-returns: {} refused, left in place: {}", name, result.reason());
                quarantine.refusedInPlace(AspReturns.FLOW, AspUploads.PARTNER, name, file, result.reason());
                // not a fault of the hub: the hub does not own retrait/'s layout, so the refused file stays there and is
                // offered again at the next poll; its reason is in the journal (GET /api/v1/ops/exchanges?partner=ASP)
                throw new FileQuarantine.Postponed(name + " : " + result.reason());
            }
        }
    }
}
