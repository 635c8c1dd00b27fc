package fr.passerelle.iae.routes.events;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.apache.kafka.clients.consumer.ConsumerRecord;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.events.EmployerEvent;
import fr.passerelle.iae.events.EmployerEventType;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.routes.HubTestSupport;
import fr.passerelle.iae.routes.KafkaTopics;

/**
 * Per-key order of the relay under concurrent writers (ARCHITECTURE step 6): two transactions that write events of
 * one key and lock nothing else in common. The second queues behind the first until it commits, so the relay, which
 * publishes by outbox number, gives the key's events in commit order.
 */
class OutboxKeyOrderTest extends HubTestSupport {

    @Autowired
    private Outbox outbox;
    @Autowired
    private JdbcClient jdbc;
    @Autowired
    private PlatformTransactionManager transactions;

    private static EmployerEvent event(UUID id, String siret, String name) {
        return EmployerEvent.newBuilder().setEventId(id).setOccurredAt(Instant.now()).setType(EmployerEventType.EmployerRegistered)
                .setSiret(siret).setName(name).build();
    }

    @Test
    void the_second_writer_of_a_key_waits_for_the_first_commit_and_its_event_comes_after() throws Exception {
        String siret = "9" + String.format("%013d", Math.abs(UUID.randomUUID().getMostSignificantBits() % 10_000_000_000_000L));
        UUID first = UUID.randomUUID();
        UUID second = UUID.randomUUID();
        CountDownLatch firstAppended = new CountDownLatch(1);
        CountDownLatch commitFirst = new CountDownLatch(1);
        TransactionTemplate transaction = new TransactionTemplate(transactions);

        CompletableFuture<Void> writerA = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status -> {
            outbox.append(Outbox.EMPLOYER_EVENTS, siret, "EmployerRegistered", first, event(first, siret, "A"));
            firstAppended.countDown();
            try {
                commitFirst.await(60, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }));
        assertThat(firstAppended.await(30, TimeUnit.SECONDS)).isTrue();
        CompletableFuture<Void> writerB = CompletableFuture.runAsync(() -> transaction.executeWithoutResult(status ->
                outbox.append(Outbox.EMPLOYER_EVENTS, siret, "EmployerRegistered", second, event(second, siret, "B"))));

        // B is queued on the key's lock while A's transaction is open
        await().atMost(Duration.ofSeconds(30)).until(() -> jdbc.sql(
                "SELECT count(*) FROM pg_locks WHERE locktype = 'advisory' AND NOT granted").query(Long.class).single() > 0);
        assertThat(writerB).isNotDone();
        commitFirst.countDown();
        writerA.get(30, TimeUnit.SECONDS);
        writerB.get(30, TimeUnit.SECONDS);

        List<UUID> byNumber = jdbc.sql("SELECT event_id FROM outbox WHERE event_key = ? ORDER BY id").param(siret)
                .query(UUID.class).list();
        assertThat(byNumber).containsExactly(first, second);
        List<ConsumerRecord<String, byte[]>> published = KafkaTopics.await(Outbox.EMPLOYER_EVENTS, r -> siret.equals(r.key()), 2,
                Duration.ofSeconds(30));
        assertThat(published).extracting(OutboxKeyOrderTest::name).containsExactly("A", "B");
    }

    private static String name(ConsumerRecord<String, byte[]> record) {
        try {
            return EmployerEvent.getDecoder().decode(record.value()).getName();
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
