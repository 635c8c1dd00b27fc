package fr.passerelle.iae.routes.asp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.List;

import org.apache.camel.Exchange;
import org.apache.camel.ProducerTemplate;
import org.apache.sshd.common.config.keys.KeyUtils;
import org.apache.sshd.common.config.keys.PublicKeyEntry;
import org.apache.sshd.common.file.virtualfs.VirtualFileSystemFactory;
import org.apache.sshd.common.kex.extension.KexExtensionHandler;
import org.apache.sshd.common.keyprovider.FileKeyPairProvider;
import org.apache.sshd.common.signature.BuiltinSignatures;
import org.apache.sshd.core.CoreModuleProperties;
import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.apache.sshd.sftp.server.SftpSubsystemFactory;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.beans.factory.annotation.Value;

import fr.passerelle.iae.routes.HubTestSupport;

/**
 * PARTNERS §1.2: ASP's SFTP server has no {@code server-sig-algs} extension and accepts only {@code ssh-rsa} client
 * signatures, and each failed attempt counts against its authentication tries. A MINA SSHD server of its own plays it
 * here (the drop boxes' server keeps accepting every modern client): the hub's ASP endpoint must get in.
 */
class AspSshRsaTest extends HubTestSupport {

    /** none, then the ssh-rsa query and its signed request: a client that tries rsa-sha2-* first runs out. */
    private static final int AUTH_REQUESTS = 3;

    @Autowired
    private ProducerTemplate producer;
    @Value("${passerelle.asp.sftp.private-key}")
    private String hubKey;
    @TempDir
    private Path dir;
    private SshServer asp;
    private Path knownHosts;

    @BeforeEach
    void startAspLikeServer() throws Exception {
        PublicKey hub = new FileKeyPairProvider(Path.of(hubKey)).loadKeys(null).iterator().next().getPublic();
        SimpleGeneratorHostKeyProvider hostKeys = new SimpleGeneratorHostKeyProvider(dir.resolve("host_rsa"));
        hostKeys.setAlgorithm(KeyUtils.RSA_ALGORITHM);
        hostKeys.setKeySize(2048);
        asp = SshServer.setUpDefaultServer();
        asp.setHost("127.0.0.1");
        asp.setPort(0);
        asp.setKeyPairProvider(hostKeys);
        asp.setSignatureFactories(List.of(BuiltinSignatures.rsa));
        asp.setKexExtensionHandler(new KexExtensionHandler() {
            @Override
            public boolean isKexExtensionsAvailable(org.apache.sshd.common.session.Session session, AvailabilityPhase phase) {
                return false;   // no server-sig-algs
            }
        });
        CoreModuleProperties.MAX_AUTH_REQUESTS.set(asp, AUTH_REQUESTS);
        asp.setPublickeyAuthenticator((user, key, session) -> KeyUtils.compareKeys(hub, key));
        Files.createDirectories(dir.resolve("root/depot"));
        asp.setFileSystemFactory(new VirtualFileSystemFactory(dir.resolve("root")));
        asp.setSubsystemFactories(List.of(new SftpSubsystemFactory.Builder().build()));
        asp.start();
        PublicKey hostKey = hostKeys.loadKeys(null).get(0).getPublic();
        knownHosts = dir.resolve("known_hosts");
        Files.writeString(knownHosts, "[127.0.0.1]:" + asp.getPort() + " " + PublicKeyEntry.toString(hostKey) + "\n");
    }

    @AfterEach
    void stop() throws Exception {
        asp.stop(true);
    }

    private String depot(String publicKeyAlgorithms) {
        String uri = AspSftp.depot()
                .replace("{{passerelle.asp.sftp.host}}", "127.0.0.1")
                .replace("{{passerelle.asp.sftp.port}}", String.valueOf(asp.getPort()))
                .replace("{{passerelle.asp.sftp.depot}}", "depot")
                .replace("{{passerelle.asp.sftp.known-hosts}}", knownHosts.toString());
        return publicKeyAlgorithms == null ? uri
                : uri.replace("{{passerelle.asp.sftp.public-key-algorithms}}", publicKeyAlgorithms);
    }

    @Test
    void PARTNERS_1_2_the_ASP_endpoint_signs_with_ssh_rsa_first_and_gets_in_where_only_ssh_rsa_is_accepted() throws Exception {
        producer.sendBodyAndHeader(depot(null), "{\"lignesTelechargement\":[]}".getBytes(StandardCharsets.UTF_8),
                Exchange.FILE_NAME, "RIAE_FS_20990101000000.json");

        assertThat(dir.resolve("root/depot/RIAE_FS_20990101000000.json")).hasContent("{\"lignesTelechargement\":[]}");
    }

    @Test
    void PARTNERS_1_2_a_client_that_tries_rsa_sha2_first_is_turned_away_by_that_server() {
        // what the endpoint would do with JSch's modern order: the test above can fail
        assertThatThrownBy(() -> producer.sendBodyAndHeader(depot("rsa-sha2-512,rsa-sha2-256,ssh-rsa"),
                "{}".getBytes(StandardCharsets.UTF_8), Exchange.FILE_NAME, "RIAE_FS_20990101000001.json"))
                .hasStackTraceContaining("Auth");
        assertThat(dir.resolve("root/depot/RIAE_FS_20990101000001.json")).doesNotExist();
    }
}
