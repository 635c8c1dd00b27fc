package fr.passerelle.iae.registry;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;

/**
 * The hub's one digest, SHA-256 in lower-case hex: how a file, an upload or a request comes to be recognised when it
 * comes again (exchange journal, idempotency), and how an API key is kept without being stored.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** The digest of these parts one after the other. */
    public static String of(byte[]... parts) {
        return HexFormat.of().formatHex(bytes(parts));
    }

    /** The same digest as {@link #of(byte[]...)}, as its 32 bytes. */
    public static byte[] bytes(byte[]... parts) {
        MessageDigest digest = digest();
        for (byte[] part : parts) {
            digest.update(part);
        }
        return digest.digest();
    }

    public static String of(String text) {
        return of(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The digest of a file, read as a stream. */
    public static String of(Path file) throws IOException {
        return of(List.of(file));
    }

    /** The digest of files one after the other (a delivery of several files), each read as a stream. */
    public static String of(List<Path> files) throws IOException {
        MessageDigest digest = digest();
        for (Path file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file), digest)) {
                in.transferTo(java.io.OutputStream.nullOutputStream());
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    /** A fresh SHA-256 digest, for a stream hashed while it is copied. */
    public static MessageDigest digest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every Java runtime has SHA-256", e);
        }
    }
}
