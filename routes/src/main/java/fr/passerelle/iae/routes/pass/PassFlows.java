package fr.passerelle.iae.routes.pass;

import java.util.List;

import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.routes.ops.Flow;

/** The two entry points of the PASS registry, as operations see them. */
@Configuration(proxyBeanMethods = false)
public class PassFlows {

    @Bean
    Flow passApiFlow() {
        return new SimpleFlow("pass-api", "API PASS IAE (REST)", List.of("pass-issue", "pass-search", "pass-get", "pass-suspend",
                "pass-suspension-end", "pass-prolong", "pass-cancel"));
    }

    @Bean
    Flow passCommandsFlow() {
        return new SimpleFlow("pass-commands", "Demandes de PASS par Kafka", List.of("pass-commands"));
    }

    record SimpleFlow(String id, String label, List<String> routeIds) implements Flow {
    }
}
