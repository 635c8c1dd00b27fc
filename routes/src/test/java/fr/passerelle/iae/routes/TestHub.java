package fr.passerelle.iae.routes;

import java.time.Clock;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

import fr.passerelle.iae.connectors.asp.AspSimulator;
import fr.passerelle.iae.connectors.francetravail.FranceTravailSimulator;
import fr.passerelle.iae.connectors.infra.MovableClock;
import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.connectors.sirene.InseeSimulator;

/** Wiring of the {@link HubTest} context: the shared servers and a clock tests can move. */
public final class TestHub {

    private TestHub() {
    }

    public static void servers(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = TestInfrastructure.get();
        registry.add("spring.datasource.url", infra::jdbcUrl);
        registry.add("spring.datasource.username", infra::dbUser);
        registry.add("spring.datasource.password", infra::dbPassword);
        registry.add("spring.flyway.user", infra::dbAdminUser);
        registry.add("spring.flyway.password", infra::dbPassword);
        registry.add("passerelle.kafka.brokers", infra::kafkaBootstrapServers);
        registry.add("passerelle.sftp.host", () -> infra.sftp().host());
        registry.add("passerelle.sftp.port", () -> infra.sftp().port());
        registry.add("passerelle.sftp.user", () -> infra.sftp().user());
        registry.add("passerelle.sftp.private-key", () -> infra.sftp().privateKey().toString());
        registry.add("passerelle.sftp.known-hosts", () -> infra.sftp().knownHosts().toString());
        registry.add("passerelle.sftp.root", () -> infra.sftp().root().toString());
        // the node's local work folders, under target/ rather than a var/ beside the sources
        registry.add("passerelle.home", () -> java.nio.file.Path.of("target", "hub-home").toAbsolutePath().toString());
        franceTravail(registry);
        insee(registry);
    }

    private static InseeSimulator insee;

    /**
     * The INSEE simulator every test context talks to. SIRETs absent from its data answer as active establishments,
     * so the random SIRETs of other tests stay verifiable; SIRENE tests declare their unknown ones.
     */
    public static synchronized InseeSimulator insee() {
        if (insee == null) {
            insee = InseeSimulator.start(0).unlisted(InseeSimulator.Unlisted.ACTIVE);
        }
        return insee;
    }

    /** INSEE on the simulator, at a pace and with delays short enough for tests. */
    private static void insee(DynamicPropertyRegistry registry) {
        String url = insee().baseUrl().toString();
        registry.add("passerelle.sirene.api-url", () -> url);
        registry.add("passerelle.sirene.api-key", () -> InseeSimulator.API_KEY);
        registry.add("passerelle.sirene.timeout-ms", () -> "5000");
        registry.add("passerelle.sirene.requests-per-minute", () -> "1200");
        registry.add("passerelle.sirene.retry.attempts", () -> "2");
        registry.add("passerelle.sirene.retry.backoff-ms", () -> "50");
        registry.add("passerelle.sirene.breaker.minimum-calls", () -> "2");
        registry.add("passerelle.sirene.breaker.open-ms", () -> "1500");
        registry.add("passerelle.sirene.retry-after-default-s", () -> "1");
        registry.add("passerelle.sirene.verification.tick-ms", () -> "100");
        registry.add("passerelle.sirene.verification.retry-delay-ms", () -> "300");
        registry.add("passerelle.sirene.stock.poll-delay-ms", () -> "500");
        registry.add("passerelle.sirene.stock.read-lock-min-age-ms", () -> "200");
        registry.add("passerelle.sirene.stock.chunk-size", () -> "3");
    }

    private static FranceTravailSimulator franceTravail;

    /** The France Travail simulator every test context talks to (started once per JVM, like the servers). */
    public static synchronized FranceTravailSimulator franceTravail() {
        if (franceTravail == null) {
            franceTravail = FranceTravailSimulator.start(0);
        }
        return franceTravail;
    }

    private static AspSimulator asp;

    /**
     * ASP on the test SFTP server's {@code asp/} folder, shared by every test of the JVM. Not polling: a test calls
     * {@code processDeposits()} when it wants ASP's answer, and injects codes per PASS number.
     */
    public static synchronized AspSimulator aspSimulator() {
        if (asp == null) {
            asp = new AspSimulator(TestInfrastructure.get().sftp().root().resolve("asp"), Clock.systemUTC());
        }
        return asp;
    }

    /** France Travail on the simulator, with delays short enough for tests (same values for every test class: one context). */
    private static void franceTravail(DynamicPropertyRegistry registry) {
        String url = franceTravail().baseUrl().toString();
        registry.add("passerelle.francetravail.auth-url", () -> url);
        registry.add("passerelle.francetravail.api-url", () -> url);
        registry.add("passerelle.francetravail.client-id", () -> FranceTravailSimulator.CLIENT_ID);
        registry.add("passerelle.francetravail.client-secret", () -> FranceTravailSimulator.CLIENT_SECRET);
        registry.add("passerelle.francetravail.timeout-ms", () -> "5000");
        registry.add("passerelle.francetravail.calls-per-second", () -> "50");
        registry.add("passerelle.francetravail.retry.attempts", () -> "2");
        registry.add("passerelle.francetravail.retry.backoff-ms", () -> "100");
        registry.add("passerelle.francetravail.breaker.minimum-calls", () -> "4");
        registry.add("passerelle.francetravail.breaker.open-ms", () -> "2000");
        registry.add("passerelle.francetravail.retry-after-default-s", () -> "1");
        registry.add("passerelle.francetravail.dispatch.period-ms", () -> "1000");
        registry.add("passerelle.francetravail.dispatch.tick-ms", () -> "200");
        registry.add("passerelle.francetravail.dispatch.until", () -> "23:59:59");
        registry.add("passerelle.francetravail.agrements.poll-ms", () -> "500");
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }

        @Bean
        OtherNode otherNode(org.springframework.jdbc.core.simple.JdbcClient jdbc,
                            org.springframework.transaction.PlatformTransactionManager transactions) {
            return new OtherNode(jdbc, transactions);
        }
    }
}
