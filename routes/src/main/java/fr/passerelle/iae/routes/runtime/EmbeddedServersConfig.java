package fr.passerelle.iae.routes.runtime;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
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

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedServersConfig.class);

    @Bean
    EmbeddedServersHandle embeddedServers() {
        EmbeddedServers servers = EmbeddedDefault.servers();
        if (servers != null) {
            // the servers started before logging was set up, which drops their own lines: the log must say it (ARCHITECTURE)
            servers.recoveries().forEach(recovery -> LOG.warn("After a crash: {}", recovery));
        }
        return new EmbeddedServersHandle(servers);
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
