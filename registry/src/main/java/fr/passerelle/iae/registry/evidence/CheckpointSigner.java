package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

import fr.passerelle.iae.registry.Sha256;

/**
 * The node's Ed25519 key pair that signs the evidence checkpoints, kept in a file that is made on first use; its public
 * key is stored with the checkpoints, and an auditor pins it out of band.
 */
public final class CheckpointSigner {

    private static final String ALGORITHM = "Ed25519";

    private final PrivateKey privateKey;
    private final byte[] publicKey;

    private CheckpointSigner(PrivateKey privateKey, byte[] publicKey) {
        this.privateKey = privateKey;
        this.publicKey = publicKey;
    }

    /**
     * The key pair in {@code file}: the private key (PKCS#8) then the public key (X.509), base64, a line each. Made
     * there, readable by its owner only, when the file does not exist.
     */
    public static CheckpointSigner fromFile(Path file) throws IOException {
        if (!Files.exists(file)) {
            make(file);
        }
        try {
            String[] lines = Files.readString(file, StandardCharsets.US_ASCII).strip().split("\\R");
            if (lines.length != 2) {
                throw new IllegalArgumentException("two lines expected");
            }
            PrivateKey key = KeyFactory.getInstance(ALGORITHM).generatePrivate(new PKCS8EncodedKeySpec(Base64.getDecoder().decode(lines[0])));
            byte[] publicKey = Base64.getDecoder().decode(lines[1]);
            CheckpointSigner signer = new CheckpointSigner(key, publicKey);
            if (!verify(publicKey, new byte[] {1}, signer.sign(new byte[] {1}))) {
                throw new IllegalArgumentException("the public key is not the private key's");
            }
            return signer;
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new IOException("the evidence signing key " + file + " is not an Ed25519 key pair: " + e.getMessage(), e);
        }
    }

    private static void make(Path file) throws IOException {
        KeyPair pair;
        try {
            pair = KeyPairGenerator.getInstance(ALGORITHM).generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("every Java runtime since 15 has Ed25519", e);
        }
        Path folder = Files.createDirectories(file.toAbsolutePath().getParent());
        Path made = Files.createTempFile(folder, ".signing", ".tmp");
        Files.setPosixFilePermissions(made, PosixFilePermissions.fromString("rw-------"));
        Base64.Encoder base64 = Base64.getEncoder();
        Files.writeString(made, base64.encodeToString(pair.getPrivate().getEncoded()) + "\n"
                + base64.encodeToString(pair.getPublic().getEncoded()) + "\n", StandardCharsets.US_ASCII);
        try {
            Files.move(made, file);
        } catch (FileAlreadyExistsException madeMeanwhile) {
            // another process of this node made it first: its key is the node's
            Files.delete(made);
        }
    }

    /** X.509 SubjectPublicKeyInfo of the public key. */
    public byte[] publicKey() {
        return publicKey.clone();
    }

    /** SHA-256 of {@link #publicKey()}, hex: how a checkpoint names its key. */
    public String keyId() {
        return Sha256.of(publicKey);
    }

    public byte[] sign(byte[] text) {
        try {
            Signature signature = Signature.getInstance(ALGORITHM);
            signature.initSign(privateKey);
            signature.update(text);
            return signature.sign();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Ed25519 signing failed", e);
        }
    }

    /** True when {@code signature} is the signature of {@code text} by the key whose SubjectPublicKeyInfo is given. */
    public static boolean verify(byte[] publicKey, byte[] text, byte[] signature) {
        try {
            PublicKey key = KeyFactory.getInstance(ALGORITHM).generatePublic(new X509EncodedKeySpec(publicKey));
            Signature check = Signature.getInstance(ALGORITHM);
            check.initVerify(key);
            check.update(text);
            return check.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
