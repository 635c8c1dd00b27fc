package fr.passerelle.iae.routes.runtime;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.time.Clock;
import java.time.Duration;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.Map;

import org.springframework.boot.SpringApplication;
import org.springframework.boot.context.event.ApplicationFailedEvent;
import org.springframework.boot.env.EnvironmentPostProcessor;
import org.springframework.core.env.ConfigurableEnvironment;
import org.springframework.core.env.MapPropertySource;

import fr.passerelle.iae.connectors.asp.AspSimulator;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.infra.EmbeddedServers;
import fr.passerelle.iae.connectors.infra.OwnerOnlyFiles;
import fr.passerelle.iae.connectors.infra.SftpAccess;
import fr.passerelle.iae.connectors.sirene.InseeSimulator;

/**
 * The embedded default run: with no configuration, starts real PostgreSQL, Kafka and SFTP servers in-process
 * before the application context, with their data under {@code PASSERELLE_HOME} (default {@code ./var}), and
 * puts their addresses first in the environment. Off with the {@code external} profile or
 * {@code passerelle.embedded.enabled=false} (tests bring their own servers).
 */
public class EmbeddedDefault implements EnvironmentPostProcessor {

    private static EmbeddedServers servers;
    private static FranceTravailSimulator franceTravail;
    private static AspSimulator asp;
    private static InseeSimulator insee;

    @Override
    public void postProcessEnvironment(ConfigurableEnvironment environment, SpringApplication application) {
        if (environment.matchesProfiles("external")
                || !environment.getProperty("passerelle.embedded.enabled", Boolean.class, true)) {
            return;
        }
        Path home = Path.of(environment.getProperty("passerelle.home", environment.getProperty("PASSERELLE_HOME", "var")))
                .toAbsolutePath().normalize();
        synchronized (EmbeddedDefault.class) {
            if (servers == null) {
                servers = EmbeddedServers.start(home, true);
                // a context that fails to start never gets to close them: their threads would keep the JVM alive
                application.addListeners((ApplicationFailedEvent failed) -> {
                    EmbeddedServers started = servers;
                    if (started != null) {
                        closeAspSimulator();
                        started.close();
                        forget();
                    }
                });
            }
        }
        SftpAccess sftp = servers.sftp();
        Map<String, Object> props = new HashMap<>();
        props.put("spring.datasource.url", servers.jdbcUrl());
        props.put("spring.datasource.username", servers.dbUser());
        props.put("spring.datasource.password", servers.dbPassword());
        props.put("spring.flyway.user", servers.dbAdminUser());
        props.put("spring.flyway.password", servers.dbPassword());
        props.put("passerelle.kafka.brokers", servers.kafkaBootstrapServers());
        props.put("passerelle.sftp.host", sftp.host());
        props.put("passerelle.sftp.port", sftp.port());
        props.put("passerelle.sftp.user", sftp.user());
        props.put("passerelle.sftp.password", sftp.password());
        props.put("passerelle.sftp.private-key", sftp.privateKey().toString());
        props.put("passerelle.sftp.known-hosts", sftp.knownHosts().toString());
        props.put("passerelle.sftp.root", sftp.root().toString());
        props.put("passerelle.home", home.toString());
        props.put("passerelle.demo.enabled", true);
        props.put("passerelle.registry.asp-id-secret", secret(home.resolve("secrets/asp-id-secret")));
        // the demo delivery is encrypted as ASP's are (PARTNERS §2.1), with a secret of this data folder
        props.put("passerelle.asp.fluxiae-password", secret(home.resolve("secrets/fluxiae-password")));
        if (environment.getProperty("passerelle.francetravail.api-url") == null) {
            // no France Travail configured: the simulator of the contract stands in for it (PARTNERS §3)
            FranceTravailSimulator franceTravail = franceTravailSimulator();
            // the simulator's own rate limit (429 beyond), to check that the hub never exceeds its configured pace
            franceTravail.rateLimit(environment.getProperty("passerelle.francetravail.simulator.rate-per-second", Double.class, 0.0));
            URI simulator = franceTravail.baseUrl();
            props.put("passerelle.francetravail.auth-url", simulator.toString());
            props.put("passerelle.francetravail.api-url", simulator.toString());
            props.put("passerelle.francetravail.client-id", FranceTravailSimulator.CLIENT_ID);
            props.put("passerelle.francetravail.client-secret", FranceTravailSimulator.CLIENT_SECRET);
        }
        if (environment.getProperty("passerelle.asp-simulator.enabled", Boolean.class, true)) {
            // ASP's side of the fiches salarié exchange on the embedded SFTP server's asp/ folder (PARTNERS §1)
            aspSimulator(sftp.root().resolve("asp"),
                    Duration.ofMillis(environment.getProperty("passerelle.asp-simulator.period-ms", Long.class, 5000L)),
                    environment.getProperty("passerelle.asp-simulator.inject", ""));
        }
        if (environment.getProperty("passerelle.sirene.api-url") == null) {
            // no INSEE configured: the simulator of the API Sirene stands in for it (PARTNERS §4.6)
            props.put("passerelle.sirene.api-url", inseeSimulator().baseUrl().toString());
            props.put("passerelle.sirene.api-key", InseeSimulator.API_KEY);
        }
        environment.getPropertySources().addFirst(new MapPropertySource("passerelle-embedded", props));
        writeEndpoints(home.resolve("endpoints.properties"), props);
    }

    /** Where the embedded servers listen this time (ports may differ between runs), for people and tools. */
    private static void writeEndpoints(Path file, Map<String, Object> props) {
        StringBuilder text = new StringBuilder("# Written at each start of the embedded default: where its servers listen.\n");
        new java.util.TreeMap<>(props).forEach((key, value) -> {
            if (!key.equals("passerelle.registry.asp-id-secret") && !key.equals("passerelle.francetravail.client-secret")
                    && !key.equals("passerelle.sirene.api-key")) {
                text.append(key).append('=').append(value).append('\n');
            }
        });
        try {
            // it holds the SFTP and database passwords
            OwnerOnlyFiles.write(file, text.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The servers started for this JVM, or null when the hub runs on external services. */
    static EmbeddedServers servers() {
        return servers;
    }

    /** The France Travail simulator of this JVM, started on first use (its threads never keep the JVM alive). */
    static synchronized FranceTravailSimulator franceTravailSimulator() {
        if (franceTravail == null) {
            franceTravail = FranceTravailSimulator.start(0);
        }
        return franceTravail;
    }

    /** Closes the simulator when this JVM started one (the context is closing). */
    public static synchronized void closeFranceTravailSimulator() {
        if (franceTravail != null) {
            franceTravail.close();
            franceTravail = null;
        }
    }

    /** The ASP simulator of this JVM, polling {@code aspHome/depot} in the background; started once. */
    private static synchronized void aspSimulator(Path aspHome, Duration period, String injections) {
        if (asp == null) {
            AspSimulator started = new AspSimulator(aspHome, Clock.systemUTC());
            started.injectCodes(injections);
            started.start(period);
            asp = started;
        }
    }

    /** Stops the ASP simulator, if this JVM started one: before the SFTP server whose folder it works on. */
    static synchronized void closeAspSimulator() {
        if (asp != null) {
            asp.close();
            asp = null;
        }
    }

    /** The INSEE simulator of this JVM, started on first use (its threads never keep the JVM alive). */
    static synchronized InseeSimulator inseeSimulator() {
        if (insee == null) {
            insee = InseeSimulator.start(0);
        }
        return insee;
    }

    /** Closes the INSEE simulator when this JVM started one (the context is closing). */
    public static synchronized void closeInseeSimulator() {
        if (insee != null) {
            insee.close();
            insee = null;
        }
    }

    static synchronized void forget() {
        servers = null;
    }

    /** A local secret generated once and kept with the data, so ASP person ids stay stable across restarts (ID-50). */
    private static String secret(Path file) {
        try {
            if (Files.exists(file)) {
                return Files.readString(file).strip();
            }
            OwnerOnlyFiles.folder(file.getParent());
            byte[] bytes = new byte[32];
            new SecureRandom().nextBytes(bytes);
            String value = HexFormat.of().formatHex(bytes);
            OwnerOnlyFiles.write(file, value);
            return value;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
