package fr.passerelle.iae.routes;

import java.time.Clock;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.concurrent.atomic.AtomicReference;

import org.springframework.boot.test.context.TestConfiguration;
import org.springframework.context.annotation.Bean;
import org.springframework.context.annotation.Primary;
import org.springframework.test.context.DynamicPropertyRegistry;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;

/** Wiring of the {@link HubTest} context: the shared servers and a clock tests can move. */
public final class TestHub {

    private TestHub() {
    }

    public static void servers(DynamicPropertyRegistry registry) {
        TestInfrastructure infra = TestInfrastructure.get();
        registry.add("spring.datasource.url", infra::jdbcUrl);
        registry.add("spring.datasource.username", infra::dbUser);
        registry.add("spring.datasource.password", infra::dbPassword);
        registry.add("passerelle.kafka.brokers", infra::kafkaBootstrapServers);
        registry.add("passerelle.sftp.host", () -> infra.sftp().host());
        registry.add("passerelle.sftp.port", () -> infra.sftp().port());
        registry.add("passerelle.sftp.user", () -> infra.sftp().user());
        registry.add("passerelle.sftp.private-key", () -> infra.sftp().privateKey().toString());
        registry.add("passerelle.sftp.known-hosts", () -> infra.sftp().knownHosts().toString());
        registry.add("passerelle.sftp.root", () -> infra.sftp().root().toString());
    }

    /** A clock frozen at a chosen instant (DOMAIN: "today" comes from an injected Clock). */
    public static final class MovableClock extends Clock {
        private final AtomicReference<Instant> frozen = new AtomicReference<>();

        public void set(Instant instant) {
            frozen.set(instant);
        }

        /** Back to the real time. */
        public void reset() {
            frozen.set(null);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            Instant fixed = frozen.get();
            return fixed == null ? Instant.now() : fixed;
        }
    }

    @TestConfiguration(proxyBeanMethods = false)
    public static class Config {
        @Bean
        @Primary
        MovableClock testClock() {
            return new MovableClock();
        }
    }
}
