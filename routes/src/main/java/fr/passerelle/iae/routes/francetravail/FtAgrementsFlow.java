package fr.passerelle.iae.routes.francetravail;

import java.util.List;

import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.francetravail.AgrementLinking;
import fr.passerelle.iae.routes.ops.Flow;

@Component
public class FtAgrementsFlow implements Flow {

    private final AgrementLinking linking;

    public FtAgrementsFlow(AgrementLinking linking) {
        this.linking = linking;
    }

    @Override
    public String id() {
        return AgrementFiles.FLOW;
    }

    @Override
    public String label() {
        return "Reprise des agréments France Travail";
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
