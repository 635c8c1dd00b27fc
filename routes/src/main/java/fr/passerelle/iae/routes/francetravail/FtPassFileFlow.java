package fr.passerelle.iae.routes.francetravail;

import java.util.List;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.ops.ScheduledFlow;

@Component
public class FtPassFileFlow implements ScheduledFlow {

    private final PassFileWriter writer;

    public FtPassFileFlow(PassFileWriter writer) {
        this.writer = writer;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.FT_PASS_FILE;
    }

    @Override
    public List<String> routeIds() {
        return List.of(FtPassFileRoute.ROUTE);
    }


    @Override
    public FlowRun runNow() {
        return new FlowRun(writer.write(), 0);
    }
}
