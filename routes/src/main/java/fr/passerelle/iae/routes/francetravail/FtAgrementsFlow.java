package fr.passerelle.iae.routes.francetravail;

import java.util.List;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.registry.francetravail.AgrementLinking;
import fr.passerelle.iae.routes.ops.Flow;

@Component
public class FtAgrementsFlow implements Flow {

    private final AgrementLinking linking;

    public FtAgrementsFlow(AgrementLinking linking) {
        this.linking = linking;
    }

    @Override
    public FlowCatalogue entry() {
        return FlowCatalogue.FT_AGREMENTS;
    }

    @Override
    public List<String> routeIds() {
        return List.of(FtAgrementsRoute.ROUTE, FtAgrementsRoute.RELINK_ROUTE);
    }

    /** Agréments waiting for their person (LEG-06). */
    @Override
    public long backlog() {
        return linking.unlinked();
    }
}
