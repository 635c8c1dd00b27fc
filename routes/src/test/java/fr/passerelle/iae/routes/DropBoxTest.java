package fr.passerelle.iae.routes;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;

import org.apache.camel.Consumer;
import org.apache.camel.Endpoint;
import org.apache.camel.Exchange;
import org.apache.camel.builder.RouteBuilder;
import org.apache.camel.component.file.GenericFileFilter;
import org.apache.camel.impl.DefaultCamelContext;
import org.apache.camel.spi.PollingConsumerPollStrategy;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.passerelle.iae.connectors.infra.SftpAccess;
import fr.passerelle.iae.connectors.infra.TestInfrastructure;

/**
 * A drop box read by several nodes: a file that another node takes between this node's listing and its download makes
 * that download fail. The box's consumer must take the next files at its next polls, not stay stuck on that failure
 * (it did: the fault suite's ASP returns on two nodes, one node's returns waiting for minutes). A Camel context of its
 * own on the test SFTP server: no hub is needed to read a box.
 */
class DropBoxTest {

    private static final String BOX = "it-shared-box";

    @TempDir
    private Path work;

    @Test
    void a_file_another_node_took_after_this_node_listed_it_does_not_stop_the_box() throws Exception {
        SftpAccess sftp = TestInfrastructure.get().sftp();
        Path box = Files.createDirectories(sftp.root().resolve(BOX));
        Files.writeString(box.resolve("a.txt"), "a");
        AtomicBoolean takenElsewhere = new AtomicBoolean();
        // the other node: a.txt is gone once this node has listed it, so this node's download of it fails
        GenericFileFilter<Object> otherNode = file -> {
            if (file.getFileNameOnly().equals("a.txt")) {
                try {
                    Files.deleteIfExists(box.resolve("a.txt"));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                takenElsewhere.set(true);
            }
            return true;
        };
        DefaultCamelContext camel = new DefaultCamelContext();
        Properties connection = new Properties();
        connection.put("passerelle.sftp.host", sftp.host());
        connection.put("passerelle.sftp.port", String.valueOf(sftp.port()));
        connection.put("passerelle.sftp.user", sftp.user());
        connection.put("passerelle.sftp.private-key", sftp.privateKey().toString());
        connection.put("passerelle.sftp.known-hosts", sftp.knownHosts().toString());
        camel.getPropertiesComponent().setInitialProperties(connection);
        camel.getRegistry().bind("takenByAnotherNode", otherNode);
        // as ASP's retrait/ consumer has (AspReturnsWindow): a poll strategy of the flow's own, which does not reconnect
        // after a failed poll the way Camel's default one for remote files does
        camel.getRegistry().bind("everyPoll", new PollingConsumerPollStrategy() {
            @Override
            public boolean begin(Consumer consumer, Endpoint endpoint) {
                return true;
            }

            @Override
            public void commit(Consumer consumer, Endpoint endpoint, int polledMessages) {
            }

            @Override
            public boolean rollback(Consumer consumer, Endpoint endpoint, int retryCounter, Exception cause) {
                return false;
            }
        });
        List<String> taken = new CopyOnWriteArrayList<>();
        camel.addRoutes(new RouteBuilder() {
            @Override
            public void configure() {
                from(DropBox.inbound(BOX).include("[a-z]\\.txt").inNameOrder().with("delete=true").workDir(work.toString())
                        .pollEvery("100").with("filter=#takenByAnotherNode&pollStrategy=#everyPoll").uri())
                        .routeId(BOX)
                        .process(exchange -> taken.add(exchange.getMessage().getHeader(Exchange.FILE_NAME_ONLY, String.class)));
            }
        });
        camel.start();
        try {
            await().atMost(Duration.ofSeconds(30)).untilTrue(takenElsewhere);
            // dropped after the listing that failed: only a later poll can take it
            Files.writeString(box.resolve("b.txt"), "b");

            await().atMost(Duration.ofSeconds(30)).until(() -> taken.contains("b.txt"));
            assertThat(taken).containsExactly("b.txt");
            assertThat(box.resolve("b.txt")).doesNotExist();
        } finally {
            camel.close();
        }
    }
}
