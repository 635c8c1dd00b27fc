package fr.passerelle.iae.connectors.infra;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PublicKey;
import java.security.interfaces.RSAPrivateCrtKey;
import java.util.Base64;
import java.util.Iterator;
import org.apache.sshd.common.NamedResource;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.util.security.SecurityUtils;

/** Key and secret files of the embedded SFTP server, in the formats OpenSSH and JSch read. */
final class SshKeys {

    private SshKeys() {
    }

    /** Loads the RSA key pair of an OpenSSH PEM private key file, creating it (and its .pub) first when missing. */
    static KeyPair loadOrCreateRsaKeyPair(Path privateKeyFile, String comment) throws IOException, GeneralSecurityException {
        if (!Files.exists(privateKeyFile)) {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
            generator.initialize(3072);
            KeyPair pair = generator.generateKeyPair();
            OwnerOnlyFiles.write(privateKeyFile, toPkcs1Pem((RSAPrivateCrtKey) pair.getPrivate()));
            writeAtomically(privateKeyFile.resolveSibling(privateKeyFile.getFileName() + ".pub"),
                    PublicKeyEntry.toString(pair.getPublic()) + " " + comment + "\n");
        }
        try (InputStream in = Files.newInputStream(privateKeyFile)) {
            Iterable<KeyPair> pairs = SecurityUtils.loadKeyPairIdentities(
                    null, NamedResource.ofName(privateKeyFile.toString()), in, null);
            Iterator<KeyPair> iterator = pairs == null ? null : pairs.iterator();
            if (iterator == null || !iterator.hasNext()) {
                throw new GeneralSecurityException("No key pair in " + privateKeyFile);
            }
            return iterator.next();
        }
    }

    /** {@code -----BEGIN RSA PRIVATE KEY-----}: PKCS#1, what {@code ssh-keygen -m PEM} writes. */
    static String toPkcs1Pem(RSAPrivateCrtKey key) {
        byte[] der = derSequence(
                derInteger(BigInteger.ZERO),
                derInteger(key.getModulus()),
                derInteger(key.getPublicExponent()),
                derInteger(key.getPrivateExponent()),
                derInteger(key.getPrimeP()),
                derInteger(key.getPrimeQ()),
                derInteger(key.getPrimeExponentP()),
                derInteger(key.getPrimeExponentQ()),
                derInteger(key.getCrtCoefficient()));
        String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
        return "-----BEGIN RSA PRIVATE KEY-----\n" + body + "\n-----END RSA PRIVATE KEY-----\n";
    }

    /** One known_hosts line per host, for a server on the given port. */
    static String knownHosts(int port, PublicKey hostKey, String... hosts) {
        String key = PublicKeyEntry.toString(hostKey);
        StringBuilder out = new StringBuilder();
        for (String host : hosts) {
            out.append(port == 22 ? host : "[" + host + "]:" + port).append(' ').append(key).append('\n');
        }
        return out.toString();
    }

    static void writeAtomically(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }

    private static byte[] derInteger(BigInteger value) {
        return derTlv(0x02, value.toByteArray());
    }

    private static byte[] derSequence(byte[]... items) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (byte[] item : items) {
            content.writeBytes(item);
        }
        return derTlv(0x30, content.toByteArray());
    }

    private static byte[] derTlv(int tag, byte[] value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(tag);
        int length = value.length;
        if (length < 0x80) {
            out.write(length);
        } else {
            byte[] bytes = BigInteger.valueOf(length).toByteArray();
            int start = bytes[0] == 0 ? 1 : 0;
            out.write(0x80 | (bytes.length - start));
            out.write(bytes, start, bytes.length - start);
        }
        out.writeBytes(value);
        return out.toByteArray();
    }
}
