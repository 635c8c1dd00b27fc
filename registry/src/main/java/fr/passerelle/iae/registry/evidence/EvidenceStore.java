package fr.passerelle.iae.registry.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.Sha256;

/**
 * The files exchanged with partners, kept as exchanged: write-once, content-addressed by the SHA-256 that their
 * leaf names, in {@link EvidenceObjects} (a folder of the data directory, or a bucket with object lock). A partner
 * whose files name persons (ASP, France Travail) has them sealed by {@link EvidenceCipher} as they are copied and
 * hashed, in one read; the others' files are handed over as downloaded (in the folder, hard-linked: a 10 GB SIRENE
 * stock costs no copy). Each kept file has a row saying until when it is kept
 * (its partner's retention, {@code passerelle.evidence.retention}).
 */
@Component
public class EvidenceStore {

    /** The bytes kept: their SHA-256 (the object's name, the one the leaf names) and their size. */
    public record Kept(String sha256, long size) {
    }

    private final JdbcClient jdbc;
    private final Clock clock;
    private final EvidenceCipher cipher;
    private final EvidenceObjects objects;
    private final Path incoming;
    private final Set<String> sealedPartners;
    private final Map<String, Period> retention = new HashMap<>();
    private final boolean enabled;

    /**
     * @param sealedPartners the partners (their journal code) whose files are sealed, comma-separated
     * @param retention      {@code partner=period} pairs, comma-separated ({@code ASP=P10Y}); {@code *} for the others
     * @param enabled        false only to measure what the evidence costs (the benchmarks): files are hashed, not kept
     * @param root           the store's folder: the kept files when they lie there, the copies being made in any case
     */
    public EvidenceStore(JdbcClient jdbc, Clock clock, EvidenceCipher cipher, EvidenceObjects objects,
                         @Value("${passerelle.evidence.store}") Path root,
                         @Value("${passerelle.evidence.sealed-partners}") String sealedPartners,
                         @Value("${passerelle.evidence.retention}") String retention,
                         @Value("${passerelle.evidence.enabled:true}") boolean enabled) throws IOException {
        this.enabled = enabled;
        this.jdbc = jdbc;
        this.clock = clock;
        this.cipher = cipher;
        this.objects = objects;
        this.incoming = Files.createDirectories(root.resolve("incoming"));
        this.sealedPartners = Set.of(sealedPartners.split("\\s*,\\s*"));
        for (String pair : retention.split("\\s*,\\s*")) {
            String[] partnerPeriod = pair.split("=");
            this.retention.put(partnerPeriod[0].strip(), Period.parse(partnerPeriod[1].strip()));
        }
        if (!this.retention.containsKey("*")) {
            throw new IllegalArgumentException("passerelle.evidence.retention names no period for the other partners (*=…)");
        }
    }

    /** Keeps a file (or a delivery of several, one after the other) received from or sent to {@code partner}. */
    public Kept keep(String partner, List<Path> files) throws IOException {
        if (!enabled) {
            long size = 0;
            for (Path file : files) {
                size += Files.size(file);
            }
            return new Kept(Sha256.of(files), size);
        }
        if (files.size() == 1 && !sealedPartners.contains(partner)) {
            Path file = files.get(0);
            Kept kept = new Kept(Sha256.of(file), Files.size(file));
            Instant now = clock.instant();
            objects.keep(name(kept.sha256(), false), file, kept.sha256(), false, until(partner, now));
            return recorded(partner, kept, false, now);
        }
        List<InputStream> streams = new ArrayList<>();
        for (Path file : files) {
            streams.add(Files.newInputStream(file));
        }
        return copy(partner, new SequenceInputStream(Collections.enumeration(streams)));
    }

    /** Keeps bytes the hub made and sends (an upload, a file for a partner): they are not sent unless kept. */
    public Kept keep(String partner, byte[] content) {
        if (!enabled) {
            return new Kept(Sha256.of(content), content.length);
        }
        try {
            return copy(partner, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException("the evidence store could not keep a file for " + partner, e);
        }
    }

    private Kept copy(String partner, InputStream content) throws IOException {
        boolean sealed = sealedPartners.contains(partner);
        MessageDigest digest = Sha256.digest();
        Path written = Files.createTempFile(incoming, "kept", ".tmp");
        long size;
        String sha256;
        Instant now;
        try {
            try (InputStream in = new DigestInputStream(content, digest);
                 OutputStream out = sealed ? cipher.sealing(Files.newOutputStream(written)) : Files.newOutputStream(written)) {
                size = in.transferTo(out);
            }
            sha256 = HexFormat.of().formatHex(digest.digest());
            now = clock.instant();
            objects.keep(name(sha256, sealed), written, sealed ? null : sha256, true, until(partner, now));
        } finally {
            // moved, or not to be kept: a copy cut short by a failed read, bytes kept before, or sent to a bucket
            Files.deleteIfExists(written);
        }
        return recorded(partner, new Kept(sha256, size), sealed, now);
    }

    /** The end of the partner's retention for a file kept at {@code now}. */
    private Instant until(String partner, Instant now) {
        return now.atZone(ZoneOffset.UTC).plus(retention.getOrDefault(partner, retention.get("*"))).toInstant();
    }

    private Kept recorded(String partner, Kept kept, boolean sealed, Instant now) {
        Instant until = until(partner, now);
        jdbc.sql("""
                INSERT INTO evidence_object (sha256, size, sealed, key_id, partner, kept_at, kept_until)
                VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (sha256) DO NOTHING""")
                .params(kept.sha256(), kept.size(), sealed, sealed ? cipher.keyId() : null, partner, Timestamp.from(now),
                        Timestamp.from(until))
                .update();
        return kept;
    }

    /**
     * Removes up to {@code limit} files whose retention has ended (their partner's, from when they were first kept):
     * the bytes go, their leaves and object row stay, and the removal is recorded ({@code evidence_purge}) so that no
     * check takes it for a loss. A file removed but not recorded (a crash in between) is recorded by the next call.
     *
     * @return how many were removed
     */
    public int purgeExpired(int limit) throws IOException {
        Instant now = clock.instant();
        record Expired(String sha256, boolean sealed) {
        }
        List<Expired> expired = jdbc.sql("""
                SELECT o.sha256, o.sealed FROM evidence_object o
                WHERE o.kept_until <= ? AND NOT EXISTS (SELECT FROM evidence_purge p WHERE p.sha256 = o.sha256)
                ORDER BY o.kept_until LIMIT ?""")
                .params(Timestamp.from(now), limit).query((rs, n) -> new Expired(rs.getString(1), rs.getBoolean(2))).list();
        for (Expired file : expired) {
            objects.remove(name(file.sha256(), file.sealed()));
            jdbc.sql("INSERT INTO evidence_purge (sha256, purged_at) VALUES (?, ?) ON CONFLICT (sha256) DO NOTHING")
                    .params(file.sha256(), Timestamp.from(now)).update();
        }
        return expired.size();
    }

    /** The kept bytes as exchanged (opened when sealed); empty when no file of that SHA-256 is kept. */
    public Optional<InputStream> open(String sha256) throws IOException {
        Optional<Boolean> sealed = jdbc.sql("SELECT sealed FROM evidence_object WHERE sha256 = ?").param(sha256)
                .query(Boolean.class).optional();
        if (sealed.isEmpty()) {
            return Optional.empty();
        }
        Optional<InputStream> in = objects.open(name(sha256, sealed.get()));
        return in.isEmpty() || !sealed.get() ? in : Optional.of(cipher.opening(in.get()));
    }

    /** What does not hold of the kept file of that SHA-256: missing, unreadable or other bytes; empty when it holds. */
    public Optional<String> check(String sha256) {
        try {
            Optional<InputStream> kept = open(sha256);
            if (kept.isEmpty()) {
                return Optional.of("its file is not kept");
            }
            MessageDigest digest = Sha256.digest();
            try (InputStream in = new DigestInputStream(kept.get(), digest)) {
                in.transferTo(OutputStream.nullOutputStream());
            }
            return HexFormat.of().formatHex(digest.digest()).equals(sha256)
                    ? Optional.empty() : Optional.of("its kept file does not hash to " + sha256 + ": its bytes were changed");
        } catch (IOException e) {
            return Optional.of("its kept file cannot be read: " + e.getMessage());
        }
    }

    /** A kept file's name: the SHA-256 of its clear bytes, which the leaves name, and whether it is sealed. */
    private static String name(String sha256, boolean sealed) {
        return sha256 + (sealed ? ".sealed" : "");
    }
}
