package fr.passerelle.iae.registry.evidence;

import java.nio.charset.StandardCharsets;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.Optional;

import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.registry.Sha256;

/**
 * Timestamps the latest checkpoint with an RFC 3161 authority: a token over the SHA-256 of its note. One token covers
 * every earlier checkpoint too, since each checkpoint's consistency proof shows the later ones extend it: when the
 * authority was down, the next token covers what was missed. A token is stored only once it verifies with the
 * authority's configured chain; two nodes asking for the same checkpoint keep the first token stored.
 */
public class CheckpointTimestamps {

    /** The authority: a token (DER) over a SHA-256 digest, or an exception saying why there is none. */
    @FunctionalInterface
    public interface Authority {
        byte[] stamp(byte[] sha256);
    }

    /** A stored token: the checkpoint it covers (and every one before), its time and its authority. */
    public record Stamped(long checkpointSize, Instant at, String authority) {
    }

    private final JdbcClient jdbc;
    private final Authority authority;
    private final String chainPem;

    /** @param chainPem the certificates the authority's tokens verify with, its root among them (PEM) */
    public CheckpointTimestamps(JdbcClient jdbc, Authority authority, String chainPem) {
        this.jdbc = jdbc;
        this.authority = authority;
        this.chainPem = chainPem;
    }

    /**
     * Stamps the latest checkpoint, when no token covers it yet; empty when there is nothing to stamp. Whatever the
     * authority throws comes through, and nothing is stored.
     */
    public Optional<Stamped> stampLatest() {
        record Latest(long size, String note) {
        }
        Optional<Latest> latest = jdbc.sql("""
                SELECT size, note FROM evidence_checkpoint
                WHERE size > (SELECT coalesce(max(checkpoint_size), 0) FROM evidence_timestamp) ORDER BY size DESC LIMIT 1""")
                .query((rs, n) -> new Latest(rs.getLong(1), rs.getString(2))).optional();
        if (latest.isEmpty()) {
            return Optional.empty();
        }
        long size = latest.get().size();
        byte[] token = authority.stamp(Sha256.bytes(latest.get().note().getBytes(StandardCharsets.UTF_8)));
        TimestampTokenCheck.Stamp stamp;
        try {
            stamp = TimestampTokenCheck.verify(token, latest.get().note(), chainPem);
        } catch (TimestampTokenCheck.Refused refused) {
            throw new IllegalStateException("the timestamp authority's token for checkpoint " + size
                    + " does not hold with the configured chain: " + refused.getMessage());
        }
        String chainId = Sha256.of(chainPem);
        jdbc.sql("INSERT INTO evidence_tsa_chain (chain_id, pem) VALUES (?, ?) ON CONFLICT (chain_id) DO NOTHING")
                .params(chainId, chainPem).update();
        jdbc.sql("""
                INSERT INTO evidence_timestamp (checkpoint_size, token, chain_id, stamped_at, authority) VALUES (?, ?, ?, ?, ?)
                ON CONFLICT (checkpoint_size) DO NOTHING""")
                .params(size, token, chainId, Timestamp.from(stamp.at()), stamp.authority()).update();
        return Optional.of(new Stamped(size, stamp.at(), stamp.authority()));
    }

    /** The latest stored token; empty before the first. */
    public Optional<Stamped> latest() {
        return jdbc.sql("SELECT checkpoint_size, stamped_at, authority FROM evidence_timestamp ORDER BY checkpoint_size DESC LIMIT 1")
                .query((rs, n) -> new Stamped(rs.getLong(1), rs.getTimestamp(2).toInstant(), rs.getString(3))).optional();
    }

    /** How long ago the latest token was stored, by the database's clock; empty before the first. */
    public Optional<Duration> sinceLatest() {
        return seconds("SELECT extract(epoch FROM now() - max(created_at)) FROM evidence_timestamp");
    }

    /** How long the oldest checkpoint no token covers has waited, by the database's clock; empty when all are covered. */
    public Optional<Duration> uncoveredFor() {
        return seconds("""
                SELECT extract(epoch FROM now() - min(created_at)) FROM evidence_checkpoint
                WHERE size > (SELECT coalesce(max(checkpoint_size), 0) FROM evidence_timestamp)""");
    }

    private Optional<Duration> seconds(String sql) {
        return jdbc.sql(sql).query(Double.class).optional().map(s -> Duration.ofMillis(Math.round(s * 1000)));
    }
}
