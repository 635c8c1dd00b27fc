package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.SecureRandom;
import java.util.Arrays;
import java.util.Base64;

import javax.crypto.Cipher;
import javax.crypto.KeyGenerator;
import javax.crypto.SecretKey;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.springframework.beans.factory.annotation.Value;
import org.springframework.stereotype.Component;

import fr.passerelle.iae.registry.Sha256;

/**
 * Encrypts the bytes the evidence keeps, which hold personal data (a PASS request names its person): AES-256-GCM
 * under the key in a file made on first use, readable by its owner only. What the leaves hash is the clear wire bytes;
 * what is stored is {@code nonce ‖ ciphertext ‖ tag}, with the key's id beside it, so that a body sealed under a key
 * this node does not hold is named as such, not taken for a tampered one.
 */
@Component
public final class EvidenceCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final int PREFIX_BYTES = 7;
    private static final int SEGMENT_BYTES = 1 << 20;
    // HotSpot runs AES-GCM's vector intrinsic only from compiled callers: sealed by one doFinal per 1 MiB segment, a
    // file makes too few calls to get there (a 99 MB file took 1.6 s); fed 1 KiB at a time, the calls are compiled
    // within its first megabytes (0.4 s in a fresh JVM, 0.16 s once warm)
    private static final int PIECE_BYTES = 1024;
    private static final byte[] MAGIC = {'P', 'I', 'E', '1'};
    private static final SecureRandom RANDOM = new SecureRandom();
    // looking up the provider's AES-GCM costs as much as sealing a request's body: one instance per thread, set up again
    // with a fresh nonce for each body
    private static final ThreadLocal<Cipher> GCM = ThreadLocal.withInitial(() -> {
        try {
            return Cipher.getInstance("AES/GCM/NoPadding");
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES-GCM", e);
        }
    });

    private final SecretKey key;
    private final String keyId;

    /** The key in {@code file}: 32 bytes, base64, one line; made there, readable by its owner only, when absent. */
    public EvidenceCipher(@Value("${passerelle.evidence.store-key}") Path file) throws IOException {
        byte[] key = read(file);
        this.key = new SecretKeySpec(key, "AES");
        // the key's id, not the key: a hash of it under a label, so that it cannot stand for any other hash of the key
        this.keyId = Sha256.of("passerelle-iae/evidence-key\n".getBytes(StandardCharsets.US_ASCII), key)
                .substring(0, 16);
    }

    private static byte[] read(Path file) throws IOException {
        if (!Files.exists(file)) {
            make(file);
        }
        byte[] key;
        try {
            key = Base64.getDecoder().decode(Files.readString(file).strip());
        } catch (IllegalArgumentException e) {
            throw new IOException("the evidence store key " + file + " is not base64", e);
        }
        if (key.length != 32) {
            throw new IOException("the evidence store key " + file + " is not an AES-256 key (" + key.length + " bytes)");
        }
        return key;
    }

    private static void make(Path file) throws IOException {
        SecretKey made;
        try {
            KeyGenerator generator = KeyGenerator.getInstance("AES");
            generator.init(256, RANDOM);
            made = generator.generateKey();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime has AES-256", e);
        }
        Path folder = Files.createDirectories(file.toAbsolutePath().getParent());
        Path written = Files.createTempFile(folder, ".store", ".tmp");
        Files.setPosixFilePermissions(written, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(written, Base64.getEncoder().encodeToString(made.getEncoded()) + "\n");
        try {
            Files.move(written, file);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            Files.delete(written);
        }
    }

    public String keyId() {
        return keyId;
    }

    public byte[] seal(byte[] clear) {
        byte[] nonce = new byte[NONCE_BYTES];
        RANDOM.nextBytes(nonce);
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(clear.length));
            sealed.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(clear), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /**
     * Seals a stream of any length into {@code out}, in memory of one segment: a header (magic, key id, nonce prefix),
     * then 1 MiB segments, each AES-GCM with the nonce {@code prefix ‖ segment number ‖ last flag}, so that segments can
     * be neither reordered, dropped nor cut off at the end without {@link #opening} refusing the stream. Close it to
     * write the last segment.
     */
    public OutputStream sealing(OutputStream out) throws IOException {
        byte[] prefix = new byte[PREFIX_BYTES];
        RANDOM.nextBytes(prefix);
        out.write(MAGIC);
        out.write(keyId.getBytes(StandardCharsets.US_ASCII));
        out.write(prefix);
        return new OutputStream() {
            private final byte[] segment = new byte[SEGMENT_BYTES];
            private final byte[] sealed = new byte[SEGMENT_BYTES + TAG_BITS / 8];
            private int filled;
            private int number;

            @Override
            public void write(int b) throws IOException {
                write(new byte[] {(byte) b}, 0, 1);
            }

            @Override
            public void write(byte[] bytes, int offset, int length) throws IOException {
                while (length > 0) {
                    if (filled == SEGMENT_BYTES) {
                        // a full segment is the last one only if nothing follows: written when more comes
                        out.write(sealed, 0, seal(prefix, number++, false, segment, filled, sealed));
                        filled = 0;
                    }
                    int taken = Math.min(length, SEGMENT_BYTES - filled);
                    System.arraycopy(bytes, offset, segment, filled, taken);
                    filled += taken;
                    offset += taken;
                    length -= taken;
                }
            }

            @Override
            public void close() throws IOException {
                out.write(sealed, 0, seal(prefix, number, true, segment, filled, sealed));
                out.close();
            }
        };
    }

    /** The clear stream of what {@link #sealing} wrote; reading fails on any change, reordering or truncation. */
    public InputStream opening(InputStream in) throws IOException {
        byte[] magic = in.readNBytes(MAGIC.length);
        byte[] sealedBy = in.readNBytes(16);
        byte[] prefix = in.readNBytes(PREFIX_BYTES);
        if (!Arrays.equals(magic, MAGIC) || prefix.length != PREFIX_BYTES) {
            throw new IOException("not a sealed evidence stream");
        }
        if (!keyId.equals(new String(sealedBy, StandardCharsets.US_ASCII))) {
            throw new IOException("sealed under key " + new String(sealedBy, StandardCharsets.US_ASCII)
                    + ", which this node does not hold");
        }
        return new InputStream() {
            private byte[] next = in.readNBytes(SEGMENT_BYTES + TAG_BITS / 8);
            private byte[] clear = new byte[0];
            private int read;
            private int number;
            private boolean done;

            @Override
            public int read() throws IOException {
                byte[] one = new byte[1];
                return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
            }

            @Override
            public int read(byte[] bytes, int offset, int length) throws IOException {
                while (read == clear.length) {
                    if (done) {
                        return -1;
                    }
                    byte[] current = next;
                    next = in.readNBytes(SEGMENT_BYTES + TAG_BITS / 8);
                    done = next.length == 0;
                    clear = opened(prefix, number++, done, current);
                    read = 0;
                }
                int given = Math.min(length, clear.length - read);
                System.arraycopy(clear, read, bytes, offset, given);
                read += given;
                return given;
            }

            @Override
            public void close() throws IOException {
                in.close();
            }
        };
    }

    /** Seals a segment into {@code sealed}: the same bytes as one {@code doFinal}, made in pieces (see {@link #PIECE_BYTES}). */
    private int seal(byte[] prefix, int number, boolean last, byte[] clear, int length, byte[] sealed) {
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, number, last)));
            int written = 0;
            for (int at = 0; at < length; at += PIECE_BYTES) {
                written += cipher.update(clear, at, Math.min(PIECE_BYTES, length - at), sealed, written);
            }
            return written + cipher.doFinal(sealed, written);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    private static byte[] nonce(byte[] prefix, int number, boolean last) {
        return ByteBuffer.allocate(NONCE_BYTES).put(prefix).putInt(number).put((byte) (last ? 1 : 0)).array();
    }

    private byte[] opened(byte[] prefix, int number, boolean last, byte[] sealed) throws IOException {
        try {
            Cipher cipher = GCM.get();
            cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce(prefix, number, last)));
            return cipher.doFinal(sealed);
        } catch (GeneralSecurityException e) {
            throw new IOException("segment " + number + " of the sealed stream does not open: changed, moved or cut off", e);
        }
    }

    /** The clear bytes; refused when they were changed or sealed under another key (GCM's tag). */
    public byte[] open(byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short to be sealed bytes");
        }
        Cipher cipher = GCM.get();
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE_BYTES)));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }
}
