package fr.passerelle.iae.registry.idempotency;

import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.function.Supplier;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import org.springframework.transaction.PlatformTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.registry.Sha256;
import fr.passerelle.iae.registry.evidence.EvidenceLeaves;

/**
 * Runs a mutating call at most once per (client, Idempotency-Key) (API.md conventions). The key's row is
 * inserted first, in the same transaction as the work: a concurrent request with the same key blocks on
 * that row until the first commits, then replays its answer. The database decides, not the JVM.
 */
@Component
public class IdempotentExecution {

    private final JdbcClient jdbc;
    private final TransactionTemplate transaction;
    private final EvidenceLeaves evidence;

    public IdempotentExecution(JdbcClient jdbc, PlatformTransactionManager transactions, EvidenceLeaves evidence) {
        this.jdbc = jdbc;
        this.transaction = new TransactionTemplate(transactions);
        this.evidence = evidence;
    }

    /**
     * @param work runs in the transaction; its refusals must be rendered as answers by the caller's
     *             {@code work} itself (so they are stored and replayed too), and roll back only their savepoint
     * @param wire the request as it came, whose evidence leaf the first answer writes in the same transaction (a
     *             replay adds none: the leaf of the first answer is the evidence of both)
     */
    public StoredAnswer run(String client, String key, String operation, byte[] requestBody, EvidenceLeaves.Request wire,
                            Supplier<StoredAnswer> work) {
        String hash = Sha256.of(operation.getBytes(StandardCharsets.UTF_8), new byte[] {0}, requestBody);
        return transaction.execute(tx -> {
            int claimed = jdbc.sql("""
                    INSERT INTO idempotency_record (client_name, idem_key, operation, request_sha256)
                    VALUES (?, ?, ?, ?) ON CONFLICT (client_name, idem_key) DO NOTHING""")
                    .params(client, key, operation, hash)
                    .update();
            if (claimed == 0) {
                return replay(client, key, hash);
            }
            StoredAnswer answer = work.get();
            jdbc.sql("UPDATE idempotency_record SET status_code = ?, response_body = ? WHERE client_name = ? AND idem_key = ?")
                    .params(answer.status(), answer.body(), client, key)
                    .update();
            evidence.request(wire, answer.status(),
                    answer.body() == null ? new byte[0] : answer.body().getBytes(StandardCharsets.UTF_8));
            return answer;
        });
    }

    private StoredAnswer replay(String client, String key, String hash) {
        record Row(String hash, Integer status, String body) {
        }
        Optional<Row> row = jdbc.sql("SELECT request_sha256, status_code, response_body FROM idempotency_record "
                        + "WHERE client_name = ? AND idem_key = ?")
                .params(client, key)
                .query((rs, n) -> new Row(rs.getString(1), (Integer) rs.getObject(2), rs.getString(3)))
                .optional();
        if (row.isEmpty() || !row.get().hash().equals(hash)) {
            throw new RejectedException("API-IDEMPOTENCY", "IDEMPOTENCY_KEY_REUSED", "Idempotency-Key",
                    "Cette clé d'idempotence a déjà servi pour une autre requête.");
        }
        return new StoredAnswer(row.get().status(), row.get().body());
    }

}
