package fr.passerelle.iae.routes.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;

import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnProperty;
import org.springframework.boot.context.event.ApplicationReadyEvent;
import org.springframework.boot.web.context.WebServerApplicationContext;
import org.springframework.context.event.EventListener;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.connectors.infra.OwnerOnlyFiles;
import fr.passerelle.iae.registry.access.ApiClients;
import fr.passerelle.iae.routes.runtime.EmbeddedServersConfig.EmbeddedServersHandle;

/**
 * The embedded default's API client {@code demo}, with every scope; its key is written to
 * {@code var/demo-api-key} once and kept across restarts. Then prints where everything is.
 */
@Component
@ConditionalOnProperty(name = "passerelle.demo.enabled", havingValue = "true")
public class DemoClient {

    private static final Logger LOG = LoggerFactory.getLogger(DemoClient.class);

    private final ApiClients clients;
    private final EmbeddedServersHandle embedded;
    private final Path home;

    public DemoClient(ApiClients clients, EmbeddedServersHandle embedded, @Value("${passerelle.home}") String home) {
        this.clients = clients;
        this.embedded = embedded;
        this.home = Path.of(home);
    }

    @EventListener
    public void ready(ApplicationReadyEvent event) {
        Path keyFile = home.resolve("demo-api-key");
        try {
            String key;
            if (Files.exists(keyFile)) {
                key = Files.readString(keyFile).strip();
                clients.registerWithKey("demo", key, ApiClients.ALL_SCOPES);
            } else {
                key = clients.register("demo", ApiClients.ALL_SCOPES);
                OwnerOnlyFiles.write(keyFile, key + "\n");
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        int port = event.getApplicationContext() instanceof WebServerApplicationContext web ? web.getWebServer().getPort() : -1;
        String servers = embedded.servers() == null ? "" : embedded.servers().describe();
        // for the person at the terminal: the JSON log lines are for machines
        System.out.println("""

                ==================== Passerelle IAE is running ====================
                  API and dashboard : http://localhost:%d/
                  OpenAPI           : http://localhost:%d/api/v1/openapi.json
                  Health            : http://localhost:%d/actuator/health
                  Demo API key      : in %s (client "demo", every scope)
                  Data folder       : %s
                %s
                ====================================================================""".formatted(port, port, port, keyFile, home, servers));
        LOG.info("Passerelle IAE ready on port {}; demo API key in {}", port, keyFile);
    }
}
