package fr.passerelle.iae.routes.runtime;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

import org.apache.sshd.server.SshServer;
import org.apache.sshd.server.keyprovider.SimpleGeneratorHostKeyProvider;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Logger;
import com.jcraft.jsch.Session;

/** A drop box connection tries out no key exchange that JSch does not propose (sntrup761 made a key pair each time). */
class SftpKeyExchangeTest {

    @TempDir
    Path folder;

    @Test
    void a_connection_tries_out_only_the_key_exchanges_it_proposes() throws Exception {
        new SftpKeyExchange();
        List<String> proposed = List.of(JSch.getConfig("kex").split(","));
        List<String> log = new CopyOnWriteArrayList<>();
        SshServer server = SshServer.setUpDefaultServer();
        server.setPort(0);
        server.setKeyPairProvider(new SimpleGeneratorHostKeyProvider(folder.resolve("host.key")));
        server.setPasswordAuthenticator((user, password, session) -> true);
        server.start();
        try {
            JSch jsch = new JSch();
            jsch.setInstanceLogger(new Logger() {
                @Override
                public boolean isEnabled(int level) {
                    return true;
                }

                @Override
                public void log(int level, String message) {
                    log.add(message);
                }
            });
            Session session = jsch.getSession("partner", "127.0.0.1", server.getPort());
            session.setPassword("secret");
            session.setConfig("StrictHostKeyChecking", "no");
            session.connect(10_000);
            assertThat(session.isConnected()).isTrue();
            session.disconnect();
        } finally {
            server.stop(true);
        }
        // the server offers sntrup761 first: had it been tried out, it would be listed here
        assertThat(server.getKeyExchangeFactories()).anyMatch(kex -> kex.getName().startsWith("sntrup761"));
        String checked = log.stream().filter(line -> line.startsWith("CheckKexes: ")).findFirst().orElseThrow()
                .substring("CheckKexes: ".length());
        assertThat(checked.split(",")).isNotEmpty().allMatch(proposed::contains);
        assertThat(log).anyMatch(line -> line.startsWith("kex: algorithm: "));
    }
}
