package fr.passerelle.iae.routes.asp;

import org.apache.camel.builder.RouteBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.fichesalarie.FicheSalarieArchiving;

/**
 * Archiving of fiches salarié (PARTNERS §1.8), "nightly": each check archives what has become due since the last one,
 * so checking every hour, on every node, archives each fiche once, within the hour it becomes due.
 */
@Component
public class AspArchivingRoute extends RouteBuilder {

    static final String ROUTE = "asp-archiving";
    private static final Logger LOG = LoggerFactory.getLogger(AspArchivingRoute.class);

    private final FicheSalarieArchiving archiving;

    public AspArchivingRoute(FicheSalarieArchiving archiving) {
        this.archiving = archiving;
    }

    @Override
    public void configure() {
        from("timer:asp-archiving?period={{passerelle.asp.archiving.check-ms:3600000}}&delay=60000")
                .routeId(ROUTE)
                .process(e -> {
                    int archived = archiving.archiveDue();
                    if (archived > 0) {
                        LOG.info("asp-archiving: {} fiches salarié archived, their sent and returned lines dropped", archived);
                    }
                });
    }
}
