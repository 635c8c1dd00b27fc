package fr.passerelle.iae.routes.ops;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.DescribeClusterOptions;
import org.springframework.beans.factory.DisposableBean;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.boot.actuate.health.Health;
import org.springframework.boot.actuate.health.HealthIndicator;
import org.springframework.stereotype.Component;

/**
 * Readiness contributor {@code kafka}: whether this node reaches the Kafka cluster, which PASS commands, hires and the
 * event relay need. Asked with a short timeout and remembered a few seconds, so that probes, however frequent, cost
 * the cluster one request every few seconds and never hold a probe long.
 */
// contributor "kafka"; a bean named "kafka" is where Camel first looks for its kafka component
@Component("kafkaHealthIndicator")
public class KafkaHealth implements HealthIndicator, DisposableBean {

    private static final Duration TIMEOUT = Duration.ofSeconds(2);
    private static final long REMEMBERED_NANOS = Duration.ofSeconds(5).toNanos();

    private final Admin admin;
    private Health last;
    private long checkedAt;

    public KafkaHealth(@Value("${passerelle.kafka.brokers}") String brokers) {
        int timeout = (int) TIMEOUT.toMillis();
        this.admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.CLIENT_ID_CONFIG, "passerelle-health",
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, timeout,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, timeout));
    }

    @Override
    public synchronized Health health() {
        if (last == null || System.nanoTime() - checkedAt > REMEMBERED_NANOS) {
            last = check();
            checkedAt = System.nanoTime();
        }
        return last;
    }

    private Health check() {
        try {
            int brokers = admin.describeCluster(new DescribeClusterOptions().timeoutMs((int) TIMEOUT.toMillis()))
                    .nodes().get(TIMEOUT.toMillis(), TimeUnit.MILLISECONDS).size();
            return Health.up().withDetail("brokers", brokers).build();
        } catch (ExecutionException | TimeoutException e) {
            return Health.down().withDetail("error", "Kafka n'a pas répondu en " + TIMEOUT.toSeconds() + " s.").build();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Health.down().withDetail("error", "Vérification interrompue.").build();
        }
    }

    @Override
    public void destroy() {
        admin.close(Duration.ofSeconds(5));
    }
}
