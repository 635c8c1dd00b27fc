package fr.passerelle.iae.registry.access;

import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.Set;

import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

/** API clients with their scopes; keys are stored as SHA-256 hashes only (API.md authentication). */
@Component
public class ApiClients {

    public static final Set<String> ALL_SCOPES = Set.of("pass:write", "pass:read", "ops:read", "ops:write");

    public record ApiClient(String name, Set<String> scopes) {
        public boolean has(String scope) {
            return scopes.contains(scope);
        }
    }

    private final JdbcClient jdbc;
    private final SecureRandom random = new SecureRandom();

    public ApiClients(JdbcClient jdbc) {
        this.jdbc = jdbc;
    }

    public Optional<ApiClient> authenticate(String key) {
        if (key == null || key.isBlank()) {
            return Optional.empty();
        }
        return jdbc.sql("SELECT name, scopes FROM api_client WHERE key_sha256 = ?")
                .param(sha256(key))
                .query((rs, n) -> new ApiClient(rs.getString(1), Set.of((String[]) rs.getArray(2).getArray())))
                .optional();
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
                .params(name, sha256(key), List.copyOf(scopes).toArray(String[]::new))
                .update();
    }

    private String newKey() {
        byte[] bytes = new byte[32];
        random.nextBytes(bytes);
        return "piae_" + Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    static String sha256(String key) {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(key.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
