package fr.passerelle.iae.routes.events;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import org.apache.kafka.clients.admin.Admin;
import org.apache.kafka.clients.admin.AdminClientConfig;
import org.apache.kafka.clients.admin.NewTopic;
import org.apache.kafka.common.errors.TopicExistsException;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

/**
 * Creates the topics of API.md that are missing, before the routes start: consumers and the relay then never
 * meet an unknown topic, and the partition count (which bounds consumer parallelism) is chosen, not defaulted.
 */
@Component
public class KafkaTopicsSetup {

    static final List<String> TOPICS = List.of("iae.pass.commands.v1", "iae.pass.replies.v1", "iae.hires.v1",
            "iae.pass.events.v1", "iae.employers.v1", "iae.employee-records.v1");

    private static final Logger LOG = LoggerFactory.getLogger(KafkaTopicsSetup.class);

    public KafkaTopicsSetup(@Value("${passerelle.kafka.brokers}") String brokers,
                            @Value("${passerelle.kafka.partitions:3}") int partitions,
                            @Value("${passerelle.kafka.replication-factor:1}") short replication) {
        try (Admin admin = Admin.create(Map.of(AdminClientConfig.BOOTSTRAP_SERVERS_CONFIG, brokers,
                AdminClientConfig.REQUEST_TIMEOUT_MS_CONFIG, 10_000,
                AdminClientConfig.DEFAULT_API_TIMEOUT_MS_CONFIG, 15_000))) {
            for (String topic : TOPICS) {
                try {
                    admin.createTopics(List.of(new NewTopic(topic, partitions, replication))).all().get(15, TimeUnit.SECONDS);
                } catch (ExecutionException e) {
                    if (!(e.getCause() instanceof TopicExistsException)) {
                        LOG.warn("Kafka topic {} could not be created: {}", topic, e.getCause().getMessage());
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (TimeoutException e) {
            // Kafka down must not keep the registry API from starting; consumers will retry on their own
            LOG.warn("Kafka did not answer within 15 s; topics not checked");
        }
    }
}
