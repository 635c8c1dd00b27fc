package fr.passerelle.iae.bench;

import static fr.passerelle.iae.bench.Bench.*;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;

/**
 * SIRENE monthly delivery benchmark (see bench/README.md): a {@code StockEtablissement} at national size (44,000,000
 * rows by default, the files {@link SireneBench} generates) and its successions file dropped in the packaged hub's
 * {@code sirene/} drop box, end to end as a month's delivery goes: SFTP download, SHA-256, reconciliation against
 * 60,000 employers, the hub under {@code -Xmx256m}. Reference in the same run: a {@code COPY} of the same file into a
 * plain table. Measures and prints only.
 *
 * <p>System properties: {@code bench.rows} (44000000), {@code bench.employers} (60000), {@code bench.successions}
 * (250000), {@code bench.importTimeoutSeconds} (1800), {@code bench.readyTimeoutSeconds} (180), {@code bench.hubJar},
 * {@code bench.hubJvmArgs}, {@code bench.keepFiles} (true).
 */
public final class SireneMonthBench {

    private static final String STOCK = "StockEtablissement_utf8.csv";
    private static final String LINKS = "StockEtablissementLiensSuccession_utf8.csv";

    private SireneMonthBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 44_000_000);
        int employers = Integer.getInteger("bench.employers", 60_000);
        int successions = Integer.getInteger("bench.successions", 250_000);
        Duration importTimeout = Duration.ofSeconds(Long.getLong("bench.importTimeoutSeconds", 1800));
        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()));
        int step = Math.max(1, rows / employers);
        Path[] files = SireneBench.files(root, rows, step, successions);
        Path stock = files[0];
        Path links = files[1];

        Path home = root.resolve("bench/target/sirene-month-" + UUID.randomUUID());
        Path log = root.resolve("bench/target/sirene-month-hub.log");
        // the hub's own -Xmx1g overridden: the monthly stock must hold in 256 MB of heap; polled every second
        List<String> hubJvmArgs = new ArrayList<>(List.of("-Xmx256m", "-Dpasserelle.sirene.stock.poll-delay-ms=1000"));
        hubJvmArgs.addAll(splitArgs(System.getProperty("bench.hubJvmArgs", "")));
        try (Hub hub = Hub.start(jar, home, log, hubJvmArgs)) {
            hub.deleteHomeWhenStopped(true);
            hub.awaitReady(Duration.ofSeconds(Integer.getInteger("bench.readyTimeoutSeconds", 180)));
            Hub.Database database = hub.database();
            note("registered " + SireneBench.register(database, rows, step) + " employers (UNVERIFIED)");
            Path box = hub.sftpRoot().resolve("sirene");

            HeapSampler heap = new HeapSampler(hub);
            heap.start();
            Path linksUpload = upload(box, links, LINKS);
            Path stockUpload = upload(box, stock, STOCK);
            long dropped = System.nanoTime();
            Files.move(linksUpload, box.resolve(LINKS), StandardCopyOption.ATOMIC_MOVE);
            Files.move(stockUpload, box.resolve(STOCK), StandardCopyOption.ATOMIC_MOVE);
            try (Connection db = database.connect()) {
                note("successions: " + awaitImported(db, LINKS, importTimeout));
                note("establishments: " + awaitImported(db, STOCK, importTimeout));
            }
            double month = seconds(System.nanoTime() - dropped);
            heap.stop();

            double copyRate = SireneBench.copy(database, stock, rows);
            out("sirene.month.rows: " + rows);
            out("sirene.month_seconds: " + format(month, 1));
            out("sirene.month.rows_per_s: " + format(rows / month, 0));
            out("sirene.month.heap_peak_mb: " + format(heap.peakBytes() / 1_048_576.0, 0));
            out("copy.rows_per_s: " + format(copyRate, 0));
            out("sirene.month.ratio_vs_copy: " + format(rows / month / copyRate, 2));
        }
    }

    /**
     * The file put in the drop box under a name the hub does not take (as a partner's upload in progress): a hard link
     * where the file system allows it, so that 10 GB are not copied before the clock starts.
     */
    private static Path upload(Path box, Path file, String name) throws IOException {
        Path uploading = box.resolve(".uploading-" + name);
        Files.deleteIfExists(uploading);
        try {
            Files.createLink(uploading, file);
        } catch (IOException | UnsupportedOperationException e) {
            Files.copy(file, uploading);
        }
        return uploading;
    }

    /** Waits for the journal to close the file; its counts, or an error when it was refused or failed. */
    private static String awaitImported(Connection db, String name, Duration timeout) throws Exception {
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT status, received, applied, unchanged, rejected, extract(epoch FROM finished_at - received_at), error
                    FROM exchange WHERE flow = 'sirene-stock' AND name = ? AND status IN ('DONE', 'REFUSED', 'FAILED')""")) {
                query.setString(1, name);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        if (!"DONE".equals(rs.getString(1))) {
                            throw new IllegalStateException(name + " " + rs.getString(1) + ": " + rs.getString(7));
                        }
                        return "received " + rs.getLong(2) + ", applied " + rs.getLong(3) + ", unchanged " + rs.getLong(4)
                                + ", rejected " + rs.getLong(5) + ", journal " + format(rs.getDouble(6), 1) + " s";
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException(name + " was not imported within " + timeout.toSeconds() + " s");
    }
}
