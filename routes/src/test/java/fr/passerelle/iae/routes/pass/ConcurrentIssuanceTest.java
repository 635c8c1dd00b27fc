package fr.passerelle.iae.routes.pass;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.IntFunction;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.routes.HubTestSupport;

/** PASS-20, PASS-24: the database, not the JVM, makes concurrent identical requests yield one PASS. */
class ConcurrentIssuanceTest extends HubTestSupport {

    private static final int REQUESTS = 50;

    @Autowired
    JdbcClient jdbc;

    @Test
    void PASS_24_fifty_concurrent_requests_with_the_same_key_yield_one_pass() throws Exception {
        String key = fullKey();
        String idem = UUID.randomUUID().toString();
        Map<String, Object> hire = PassFixtures.newHire(today());
        String body = toJson(hire);

        List<Answer> answers = concurrently(i -> post("/api/v1/passes", key, idem, body));

        assertThat(answers).extracting(Answer::status).containsOnly(201);
        assertThat(answers).extracting(a -> a.raw()).containsOnly(answers.get(0).raw());
        assertThat(passesOf(hire)).isEqualTo(1);
    }

    @Test
    void PASS_24_fifty_concurrent_requests_for_the_same_hire_under_different_keys_yield_one_pass() throws Exception {
        String key = fullKey();
        Map<String, Object> hire = PassFixtures.newHire(today());
        String body = toJson(hire);

        List<Answer> answers = concurrently(i -> post("/api/v1/passes", key, "k-" + i + "-" + UUID.randomUUID(), body));

        assertThat(answers).extracting(Answer::status).containsOnly(201, 200);
        assertThat(answers).filteredOn(a -> a.status() == 201).hasSize(1);
        Set<String> numbers = new java.util.HashSet<>();
        answers.forEach(a -> numbers.add(a.body().get("number").asText()));
        assertThat(numbers).hasSize(1);
        assertThat(passesOf(hire)).isEqualTo(1);
        assertThat(jdbc.sql("SELECT count(*) FROM hire WHERE pass_number = ?").param(numbers.iterator().next())
                .query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void PASS_20_the_database_refuses_a_second_overlapping_pass_for_one_person() {
        String key = fullKey();
        Map<String, Object> hire = PassFixtures.newHire(today());
        String number = post("/api/v1/passes", key, UUID.randomUUID().toString(), toJson(hire)).body().get("number").asText();
        UUID person = jdbc.sql("SELECT person_id FROM pass WHERE number = ?").param(number).query(UUID.class).single();

        org.assertj.core.api.Assertions.assertThatThrownBy(() -> jdbc.sql("""
                WITH n AS (INSERT INTO pass_number (number) VALUES ('XXXXX8888888') RETURNING number)
                INSERT INTO pass (number, person_id, start_date, end_date, origin)
                SELECT number, ?, current_date + 30, current_date + 759, 'ISSUED' FROM n""").param(person).update())
                .hasMessageContaining("pass_one_at_a_time");
    }

    private long passesOf(Map<String, Object> hire) {
        @SuppressWarnings("unchecked")
        String nir = (String) ((Map<String, Object>) hire.get("person")).get("nir");
        return jdbc.sql("SELECT count(*) FROM pass p JOIN person s ON s.id = p.person_id WHERE s.nir = ?")
                .param(nir).query(Long.class).single();
    }

    private List<Answer> concurrently(IntFunction<Answer> request) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(REQUESTS);
        try {
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Answer>> futures = new ArrayList<>();
            for (int i = 0; i < REQUESTS; i++) {
                int n = i;
                futures.add(pool.submit(() -> {
                    start.await();
                    return request.apply(n);
                }));
            }
            start.countDown();
            List<Answer> answers = new ArrayList<>();
            for (Future<Answer> future : futures) {
                answers.add(future.get(60, java.util.concurrent.TimeUnit.SECONDS));
            }
            return answers;
        } finally {
            pool.shutdownNow();
        }
    }
}
