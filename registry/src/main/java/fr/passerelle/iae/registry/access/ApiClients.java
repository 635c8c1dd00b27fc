package fr.passerelle.iae.registry.access;

import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;
import fr.passerelle.iae.registry.Sha256;

/** API clients with their scopes; keys are stored as SHA-256 hashes only (API.md authentication). */
@Component
public class ApiClients {

    public static final Set<String> ALL_SCOPES = Set.of("pass:write", "pass:read", "ops:read", "ops:write", "audit:read");

    public record ApiClient(String name, Set<String> scopes) {
        public boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    // Known keys for a short while, so that a busy client costs no query per request. A key changed or revoked
    // in the database takes effect on every node within this delay.
    private static final Duration REMEMBERED = Duration.ofSeconds(30);

    private record Remembered(ApiClient client, Instant until) {
    }

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();
    private final Map<String, Remembered> known = new ConcurrentHashMap<>();

    public ApiClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiClient> authenticate(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        String hash = Sha256.of(key);
        Instant now = Instant.now();   // technical time, not the business clock
        Remembered remembered = known.get(hash);
        if (remembered != null && remembered.until().isAfter(now)) {
            return Optional.of(remembered.client());
        }
        Optional<ApiClient> client = jdbc.sql("SELECT name, scopes FROM api_client WHERE key_sha256 = ?")
                .param(hash)
                .query((rs, n) -> new ApiClient(rs.getString(1), Set.of((String[]) rs.getArray(2).getArray())))
                .optional();
        if (client.isPresent()) {
            if (known.size() > 10_000) {
                known.clear();
            }
            known.put(hash, new Remembered(client.get(), now.plus(REMEMBERED)));
        } else {
            known.remove(hash);
        }
        return client;
    }

    /** Creates (or gives a new key to) a client; the key is returned once and never stored in clear. */
    public String register(String name, Set<String> scopes) {
        String key = newKey();
        registerWithKey(name, key, scopes);
        return key;
    }

    /** Registers a client under a key chosen elsewhere (the demo key kept in var/), idempotently. */
    public void registerWithKey(String name, String key, Set<String> scopes) {
        jdbc.sql("""
                INSERT INTO api_client (name, key_sha256, scopes) VALUES (?, ?, ?)
                ON CONFLICT (name) DO UPDATE SET key_sha256 = excluded.key_sha256, scopes = excluded.scopes""")
                .params(name, Sha256.of(key), List.copyOf(scopes).toArray(String[]::new))
                .update();
        known.values().removeIf(r -> r.client().name().equals(name));
    }

    private String newKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "piae_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

}
