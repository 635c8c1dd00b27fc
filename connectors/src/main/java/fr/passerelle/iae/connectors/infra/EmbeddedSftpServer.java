package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.MessageDigest;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import org.apache.sshd.common.NamedFactory;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.common.signature.Signature;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * An SFTP server (Apache MINA SSHD) on 127.0.0.1 standing in for the partners' servers: RSA host key accepting the
 * legacy {@code ssh-rsa} algorithm (ASP's server knows no other), one user jailed in the root folder, which holds the
 * partner drop boxes.
 */
final class EmbeddedSftpServer implements AutoCloseable {

    static final String HOST = "127.0.0.1";
    static final String USER = "passerelle";
    static final List<String> DROP_BOXES = List.of(
            "asp/depot", "asp/retrait", "conventions", "francetravail/agrements", "francetravail/pass", "sirene");

    private static final Logger LOG = LoggerFactory.getLogger(EmbeddedSftpServer.class);

    private final SshServer server;
    private final SftpAccess access;

    private EmbeddedSftpServer(SshServer server, SftpAccess access) {
        this.server = server;
        this.access = access;
    }

    /**
     * @param root    the login folder of the user (drop boxes created in it)
     * @param keysDir where the host key, the hub's key pair, the password and known_hosts are kept
     * @param port    the port, 0 for any free one
     */
    static EmbeddedSftpServer start(Path root, Path keysDir, int port) throws IOException, GeneralSecurityException {
        Path rootDir = root.toAbsolutePath().normalize();
        Files.createDirectories(rootDir);
        for (String dropBox : DROP_BOXES) {
            Files.createDirectories(rootDir.resolve(dropBox));
        }
        Files.createDirectories(keysDir);

        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(keysDir.resolve("host_rsa"));
        hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
        hostKeys.setKeySize(3072);
        List<KeyPair> hostKeyPairs = hostKeys.loadKeys(null);
        if (hostKeyPairs.isEmpty() || !KeyUtils.RSA_ALGORITHM.equals(hostKeyPairs.get(0).getPublic().getAlgorithm())) {
            throw new GeneralSecurityException("No RSA host key in " + keysDir.resolve("host_rsa"));
        }
        PublicKey hostKey = hostKeyPairs.get(0).getPublic();

        Path hubKeyFile = keysDir.resolve("hub_rsa");
        PublicKey hubKey = SshKeys.loadOrCreateRsaKeyPair(hubKeyFile, "passerelle-hub").getPublic();
        String password = PasswordFiles.readOrCreate(keysDir.resolve("password"));
        byte[] passwordBytes = password.getBytes(StandardCharsets.UTF_8);

        SshServer server = SshServer.setUpDefaultServer();
        server.setHost(HOST);
        server.setPort(port);
        server.setKeyPairProvider(hostKeys);
        server.setSignatureFactories(signatureFactoriesWithSshRsa(server.getSignatureFactories()));
        server.setPublickeyAuthenticator((user, key, session) -> USER.equals(user) && KeyUtils.compareKeys(hubKey, key));
        server.setPasswordAuthenticator((user, given, session) -> USER.equals(user)
                && given != null && MessageDigest.isEqual(passwordBytes, given.getBytes(StandardCharsets.UTF_8)));
        server.setFileSystemFactory(new VirtualFileSystemFactory(rootDir));
        server.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        server.start();
        try {
            int actualPort = server.getPort();
            Path knownHosts = keysDir.resolve("known_hosts");
            SshKeys.writeAtomically(knownHosts, SshKeys.knownHosts(actualPort, hostKey, HOST, "localhost"));
            SftpAccess access = new SftpAccess(HOST, actualPort, USER, password, hubKeyFile.toAbsolutePath(),
                    knownHosts.toAbsolutePath(), rootDir);
            LOG.debug("SFTP host key {}", KeyUtils.getFingerPrint(hostKey));
            return new EmbeddedSftpServer(server, access);
        } catch (IOException | RuntimeException e) {
            server.stop(true);
            throw e;
        }
    }

    SftpAccess access() {
        return access;
    }

    /** The default list, which must keep {@code ssh-rsa} (RSA with SHA-1) for ASP's clients. */
    private static List<NamedFactory<Signature>> signatureFactoriesWithSshRsa(List<NamedFactory<Signature>> defaults) {
        List<NamedFactory<Signature>> factories = new ArrayList<>(defaults);
        if (factories.stream().noneMatch(f -> BuiltinSignatures.rsa.getName().equals(f.getName()))) {
            factories.add(BuiltinSignatures.rsa);
        }
        return factories;
    }

    @Override
    public void close() {
        try {
            server.stop(true);
        } catch (IOException e) {
            LOG.warn("Could not stop the SFTP server cleanly", e);
        }
    }
}
