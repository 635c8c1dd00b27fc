package fr.passerelle.iae.connectors.asp;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.time.Clock;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Vector;

import org.awaitility.Awaitility;
import org.junit.jupiter.api.Test;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

import fr.passerelle.iae.connectors.infra.SftpAccess;
import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.schemas.AspFileSchema;

/**
 * The round trip as the hub sees it, through the real embedded SFTP server (JSch as camel-ftp opens it for ASP:
 * strict host key checking, {@code ssh-rsa} only): upload into {@code asp/depot}, the simulator polling in the
 * background, the return file listed and downloaded from {@code asp/retrait} among other flows' files.
 */
class AspSimulatorSftpTest {

    private static final ObjectMapper JSON = new ObjectMapper();

    @Test
    void a_file_uploaded_over_SFTP_comes_back_in_retrait() throws Exception {
        SftpAccess sftp = TestInfrastructure.get().sftp();
        // a fresh PASS number and SIRET: the SFTP server is shared by the whole test JVM
        String pass = String.format("XXXXX%07d", System.nanoTime() % 10_000_000);
        String upload = String.format("RIAE_FS_2099%010d.json", System.nanoTime() % 10_000_000_000L);
        ObjectNode file = (ObjectNode) JSON.readTree(AspSimulatorTest.resource("asp/RIAE_FS_20250305095500.json"));
        ((ObjectNode) file.get("lignesTelechargement").get(0).get("personnePhysique")).put("passIae", pass);
        ((ObjectNode) file.get("lignesTelechargement").get(0)).put("siret", String.format("9%013d", System.nanoTime() % 10_000_000_000_000L));

        try (AspSimulator asp = new AspSimulator(sftp.root().resolve("asp"), Clock.systemUTC())) {
            asp.injectCode(pass, "3435", null);
            asp.start(Duration.ofMillis(200));
            Session session = connect(sftp);
            try {
                ChannelSftp channel = (ChannelSftp) session.openChannel("sftp");
                channel.connect(10_000);
                channel.put(new ByteArrayInputStream(JSON.writeValueAsBytes(file)), "asp/depot/" + upload);
                channel.put(new ByteArrayInputStream("{}".getBytes()), "asp/retrait/RIAE_CONV_20250101000000.json");

                String returnName = upload.replace(".json", "_FichierRetour.json");
                Awaitility.await().atMost(Duration.ofSeconds(15)).pollInterval(Duration.ofMillis(200))
                        .until(() -> names(channel.ls("asp/retrait")).contains(returnName));
                ByteArrayOutputStream returned = new ByteArrayOutputStream();
                channel.get("asp/retrait/" + returnName, returned);
                channel.rm("asp/retrait/" + returnName);
                channel.disconnect();

                assertThat(AspFileSchema.returnFileViolations(returned.toByteArray())).isEmpty();
                JsonNode lines = JSON.readTree(returned.toByteArray()).get("lignesTelechargement");
                assertThat(lines.get(0).get("codeTraitement").asText()).isEqualTo("3435");
                assertThat(lines.get(0).get("personnePhysique").get("passIae").asText()).isEqualTo(pass);
                assertThat(sftp.root().resolve("asp/depot/" + upload)).doesNotExist();
                // other flows' files in retrait/ are not ASP fiches salarié business: left alone
                assertThat(sftp.root().resolve("asp/retrait/RIAE_CONV_20250101000000.json")).exists();
            } finally {
                session.disconnect();
            }
        }
    }

    private static Session connect(SftpAccess sftp) throws Exception {
        JSch jsch = new JSch();
        jsch.setKnownHosts(sftp.knownHosts().toString());
        jsch.addIdentity(sftp.privateKey().toString());
        Session session = jsch.getSession(sftp.user(), sftp.host(), sftp.port());
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", "ssh-rsa");
        session.setConfig("PubkeyAcceptedAlgorithms", "ssh-rsa");
        session.setConfig("PreferredAuthentications", "publickey");
        session.connect(10_000);
        return session;
    }

    private static List<String> names(Vector<?> entries) {
        List<String> names = new ArrayList<>();
        for (Object entry : entries) {
            names.add(((ChannelSftp.LsEntry) entry).getFilename());
        }
        return names;
    }
}
