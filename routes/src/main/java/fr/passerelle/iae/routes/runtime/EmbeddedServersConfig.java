package fr.passerelle.iae.routes.runtime;

import org.springframework.beans.factory.config.BeanFactoryPostProcessor;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;

import fr.passerelle.iae.connectors.infra.EmbeddedServers;

/**
 * Hands the embedded servers to the context so that they close last: Spring stops Camel (which drains its
 * routes) in the lifecycle phase, then destroys beans, the data source before the servers it depends on.
 */
@Configuration(proxyBeanMethods = false)
public class EmbeddedServersConfig {

    @Bean
    EmbeddedServersHandle embeddedServers() {
        return new EmbeddedServersHandle(EmbeddedDefault.servers());
    }

    @Bean
    static BeanFactoryPostProcessor dataSourceAfterEmbeddedServers() {
        return factory -> {
            if (factory.containsBeanDefinition("dataSource")) {
                factory.getBeanDefinition("dataSource").setDependsOn("embeddedServers");
            }
        };
    }

    /** Null-safe holder: the bean exists in every mode, and closes servers only when this JVM started them. */
    public record EmbeddedServersHandle(EmbeddedServers servers) implements AutoCloseable {
        @Override
        public void close() {
            if (servers != null) {
                EmbeddedDefault.closeAspSimulator();
                servers.close();
                EmbeddedDefault.forget();
            }
        }
    }
}
