package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
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

import fr.passerelle.iae.registry.Sha256;

/**
 * Encrypts the bytes the evidence keeps, which hold personal data (a PASS request names its person): AES-256-GCM
 * under the key in a file made on first use, readable by its owner only. What the leaves hash is the clear wire bytes;
 * what is stored is {@code nonce ‖ ciphertext ‖ tag}, with the key's id beside it, so that a body sealed under a key
 * this node does not hold is named as such, not taken for a tampered one.
 */
public final class EvidenceCipher {

    private static final int NONCE_BYTES = 12;
    private static final int TAG_BITS = 128;
    private static final SecureRandom RANDOM = new SecureRandom();

    private final SecretKey key;
    private final String keyId;

    private EvidenceCipher(byte[] key) {
        this.key = new SecretKeySpec(key, "AES");
        // the key's id, not the key: a hash of it under a label, so that it cannot stand for any other hash of the key
        this.keyId = Sha256.of("passerelle-iae/evidence-key\n".getBytes(StandardCharsets.US_ASCII), key)
                .substring(0, 16);
    }

    /** The key in {@code file}: 32 bytes, base64, one line; made there, readable by its owner only, when absent. */
    public static EvidenceCipher fromFile(Path file) throws IOException {
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
        return new EvidenceCipher(key);
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
            Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
            cipher.init(Cipher.ENCRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, nonce));
            ByteBuffer sealed = ByteBuffer.allocate(NONCE_BYTES + cipher.getOutputSize(clear.length));
            sealed.put(nonce);
            cipher.doFinal(ByteBuffer.wrap(clear), sealed);
            return sealed.array();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-GCM encryption failed", e);
        }
    }

    /** The clear bytes; refused when they were changed or sealed under another key (GCM's tag). */
    public byte[] open(byte[] sealed) throws GeneralSecurityException {
        if (sealed.length < NONCE_BYTES + TAG_BITS / 8) {
            throw new GeneralSecurityException("too short to be sealed bytes");
        }
        Cipher cipher = Cipher.getInstance("AES/GCM/NoPadding");
        cipher.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(TAG_BITS, Arrays.copyOf(sealed, NONCE_BYTES)));
        return cipher.doFinal(sealed, NONCE_BYTES, sealed.length - NONCE_BYTES);
    }
}
