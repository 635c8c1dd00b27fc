package fr.passerelle.iae.routes.pass;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.registry.journal.FlowCatalogue;
import fr.passerelle.iae.routes.ops.Flow;

/** The two entry points of the PASS registry, as operations see them. */
@Configuration(proxyBeanMethods = false)
public class PassFlows {

    @Bean
    Flow passApiFlow() {
        return new SimpleFlow(FlowCatalogue.PASS_API, PassApiRoute.ROUTE_IDS);
    }

    @Bean
    Flow passCommandsFlow() {
        return new SimpleFlow(FlowCatalogue.PASS_COMMANDS, List.of(PassCommandRoute.ROUTE));
    }

    record SimpleFlow(FlowCatalogue entry, List<String> routeIds) implements Flow {
    }
}
