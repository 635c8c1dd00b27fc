package fr.passerelle.iae.routes.evidence;

import java.io.IOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;

import org.springframework.beans.factory.ObjectProvider;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.autoconfigure.condition.ConditionalOnExpression;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Configuration;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.connectors.timestamp.EmbeddedTimestampAuthority;
import fr.passerelle.iae.connectors.timestamp.TimestampClient;
import fr.passerelle.iae.registry.evidence.CheckpointTimestamps;

/**
 * The RFC 3161 authority of the evidence checkpoints: the one at {@code passerelle.evidence.tsa-url}, whose tokens
 * verify with the certificates of {@code passerelle.evidence.tsa-chain}; with no URL, an embedded authority on
 * loopback, with its own NOT QUALIFIED chain in {@code passerelle.evidence.tsa-folder}.
 */
@Configuration(proxyBeanMethods = false)
public class TimestampAuthorityConfig {

    @Bean(destroyMethod = "close")
    @ConditionalOnExpression("'${passerelle.evidence.tsa-url:}'.isBlank()")
    EmbeddedTimestampAuthority embeddedTimestampAuthority(@Value("${passerelle.evidence.tsa-folder}") Path folder,
                                                          @Value("${passerelle.evidence.tsa-port:0}") int port) throws IOException {
        return EmbeddedTimestampAuthority.start(folder, port);
    }

    @Bean
    CheckpointTimestamps checkpointTimestamps(JdbcClient jdbc, ObjectProvider<EmbeddedTimestampAuthority> embedded,
                                              @Value("${passerelle.evidence.tsa-url:}") String url,
                                              @Value("${passerelle.evidence.tsa-chain:}") String chainFile,
                                              @Value("${passerelle.evidence.tsa-connect-timeout-ms}") long connectMs,
                                              @Value("${passerelle.evidence.tsa-read-timeout-ms}") long readMs) throws IOException {
        Duration connect = Duration.ofMillis(connectMs);
        Duration read = Duration.ofMillis(readMs);
        if (url.isBlank()) {
            EmbeddedTimestampAuthority authority = embedded.getObject();
            return new CheckpointTimestamps(jdbc, new TimestampClient(authority.url(), connect, read)::stamp, authority.chain().chainPem());
        }
        if (chainFile.isBlank()) {
            throw new IllegalStateException("passerelle.evidence.tsa-url is set: passerelle.evidence.tsa-chain must name the PEM file "
                    + "of its certificates, its root among them");
        }
        return new CheckpointTimestamps(jdbc, new TimestampClient(URI.create(url), connect, read)::stamp, Files.readString(Path.of(chainFile)));
    }
}
