package fr.passerelle.iae.routes.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.UUID;

import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;
import fr.passerelle.iae.routes.HubTestSupport;

/**
 * Stock files no reader should trust, in the {@code sirene/} drop box: one the hub fails on at every try is put in
 * quarantine (FILE-03); one whose quote never closes is refused at the record limit (FILE-01), without filling the heap.
 */
class HostileStockFilesTest extends HubTestSupport {

    @Autowired
    private JdbcClient jdbc;

    @Test
    void FILE_03_a_file_that_fails_at_every_poll_goes_to_quarantine_with_a_journal_entry_naming_the_rule() throws Exception {
        String name = "StockEtablissement_q" + UUID.randomUUID().toString().substring(0, 8) + ".zip";
        Path box = TestInfrastructure.get().sftp().root().resolve("sirene");

        SireneFixtures.drop(name, SireneFixtures.zip("LISEZMOI.txt", "pas de CSV ici"));

        Path quarantined = box.resolve("quarantine").resolve(name);
        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.sql("SELECT count(*) FROM exchange WHERE name = ? AND status = 'REFUSED' AND error LIKE 'FILE-03 %'")
                        .param(name).query(Long.class).single() == 1 && Files.exists(quarantined));
        assertThat(box.resolve(name)).doesNotExist();
        assertThat(jdbc.sql("SELECT error FROM exchange WHERE name = ?").param(name).query(String.class).single())
                .contains("3 échecs de suite").contains("no .csv entry");
        assertThat(jdbc.sql("SELECT count(*) FROM file_failure WHERE name = ?").param(name).query(Long.class).single()).isZero();
        assertThat(jdbc.sql("SELECT count(*) FROM exchange WHERE name = ?").param(name).query(Long.class).single()).isEqualTo(1);
    }

    @Test
    void FILE_01_a_quote_never_closed_in_a_compressed_stock_is_refused_at_the_record_limit() throws Exception {
        String name = "StockEtablissement_u" + UUID.randomUUID().toString().substring(0, 8) + ".zip";
        String header = SireneFixtures.HEADER;
        // 40 MB of one value whose quote never closes, a few hundred KB once zipped
        String endless = header + "\n\"" + "y".repeat(40 << 20);

        SireneFixtures.drop(name, SireneFixtures.zip(name.replace(".zip", ".csv"), endless));

        await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.sql("SELECT count(*) FROM exchange WHERE name = ? AND status = 'REFUSED'").param(name).query(Long.class).single() == 1);
        assertThat(jdbc.sql("SELECT error FROM exchange WHERE name = ?").param(name).query(String.class).single()).startsWith("FILE-01");
        assertThat(jdbc.sql("SELECT rule FROM reject r JOIN exchange e ON e.id = r.exchange_id WHERE e.name = ?").param(name)
                .query(String.class).list()).containsExactly("FILE-01");
    }
}
