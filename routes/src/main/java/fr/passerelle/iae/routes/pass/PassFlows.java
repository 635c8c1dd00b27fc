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
        return new SimpleFlow(FlowCatalogue.PASS_API, List.of("pass-issue", "pass-search", "pass-get", "pass-suspend",
                "pass-suspension-end", "pass-prolong", "pass-cancel"));
    }

    @Bean
    Flow passCommandsFlow() {
        return new SimpleFlow(FlowCatalogue.PASS_COMMANDS, List.of("pass-commands"));
    }

    record SimpleFlow(FlowCatalogue entry, List<String> routeIds) implements Flow {
    }
}
