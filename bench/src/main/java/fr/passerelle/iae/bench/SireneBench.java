package fr.passerelle.iae.bench;

import static fr.passerelle.iae.bench.Bench.*;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.Reader;
import java.lang.management.ManagementFactory;
import java.lang.management.MemoryPoolMXBean;
import java.lang.management.MemoryType;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.util.List;
import java.util.UUID;

import org.postgresql.PGConnection;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import org.springframework.jdbc.datasource.SingleConnectionDataSource;

import fr.passerelle.iae.registry.journal.ExchangeJournal;
import fr.passerelle.iae.registry.journal.ExchangeRuns;
import fr.passerelle.iae.registry.journal.Failpoints;
import fr.passerelle.iae.registry.lease.Leases;
import fr.passerelle.iae.registry.outbox.Outbox;
import fr.passerelle.iae.registry.sirene.SireneReviews;
import fr.passerelle.iae.registry.sirene.SireneStockImport;

/**
 * SIRENE stock benchmark (see bench/README.md). Generates a {@code StockEtablissement} of 5,000,000 rows with the real
 * 3.11 header and a matching {@code StockEtablissementLiensSuccession}, starts the packaged hub for its PostgreSQL
 * (schema by Flyway), registers 50,000 employers in it, then runs the hub's own reconciliation
 * ({@link SireneStockImport}, the code the {@code sirene-stock} route calls) in this JVM, so its heap can be read from
 * the MemoryPoolMXBeans. References in the same run: a plain single-thread {@code readLine} of the same file, and a
 * {@code COPY} of it into a PostgreSQL table through {@code CopyManager}. Measures and prints only.
 *
 * <p>System properties: {@code bench.rows} (5000000), {@code bench.employers} (50000), {@code bench.successions}
 * (250000), {@code bench.readyTimeoutSeconds} (180), {@code bench.hubJar}, {@code bench.hubJvmArgs}, {@code bench.keepFiles}
 * (true: the generated files are reused by the next run with the same sizes).
 */
public final class SireneBench {

    static final String HEADER = "siren,nic,siret,statutDiffusionEtablissement,dateCreationEtablissement,"
            + "trancheEffectifsEtablissement,anneeEffectifsEtablissement,activitePrincipaleRegistreMetiersEtablissement,"
            + "dateDernierTraitementEtablissement,etablissementSiege,nombrePeriodesEtablissement,complementAdresseEtablissement,"
            + "numeroVoieEtablissement,indiceRepetitionEtablissement,dernierNumeroVoieEtablissement,"
            + "indiceRepetitionDernierNumeroVoieEtablissement,typeVoieEtablissement,libelleVoieEtablissement,"
            + "codePostalEtablissement,libelleCommuneEtablissement,libelleCommuneEtrangerEtablissement,"
            + "distributionSpecialeEtablissement,codeCommuneEtablissement,codeCedexEtablissement,libelleCedexEtablissement,"
            + "codePaysEtrangerEtablissement,libellePaysEtrangerEtablissement,identifiantAdresseEtablissement,"
            + "coordonneeLambertAbscisseEtablissement,coordonneeLambertOrdonneeEtablissement,complementAdresse2Etablissement,"
            + "numeroVoie2Etablissement,indiceRepetition2Etablissement,typeVoie2Etablissement,libelleVoie2Etablissement,"
            + "codePostal2Etablissement,libelleCommune2Etablissement,libelleCommuneEtranger2Etablissement,"
            + "distributionSpeciale2Etablissement,codeCommune2Etablissement,codeCedex2Etablissement,libelleCedex2Etablissement,"
            + "codePaysEtranger2Etablissement,libellePaysEtranger2Etablissement,dateDebut,etatAdministratifEtablissement,"
            + "enseigne1Etablissement,enseigne2Etablissement,enseigne3Etablissement,denominationUsuelleEtablissement,"
            + "activitePrincipaleEtablissement,nomenclatureActivitePrincipaleEtablissement,caractereEmployeurEtablissement,"
            + "activitePrincipaleNAF25Etablissement";
    static final String SUCCESSION_HEADER = "siretEtablissementPredecesseur,siretEtablissementSuccesseur,dateLienSuccession,"
            + "transfertSiege,continuiteEconomique,dateDernierTraitementLienSuccession";
    private static final String[] STREETS = {"DU CANAL", "DE LA REPUBLIQUE", "DES LILAS", "JEAN JAURES", "DE LA GARE",
            "DU GENERAL DE GAULLE", "VICTOR HUGO", "DES ECOLES"};
    private static final String[] TOWNS = {"35000,RENNES,,,35238", "59100,ROUBAIX,,,59512", "29200,BREST,,,29019",
            "44000,NANTES,,,44109", "75011,PARIS 11,,,75111", "97200,FORT-DE-FRANCE,,,97209"};

    private SireneBench() {
    }

    public static void main(String[] args) throws Exception {
        int rows = Integer.getInteger("bench.rows", 5_000_000);
        int employers = Integer.getInteger("bench.employers", 50_000);
        int successions = Integer.getInteger("bench.successions", 250_000);
        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()));
        int step = Math.max(1, rows / employers);
        Path[] files = files(root, rows, step, successions);
        Path stock = files[0];
        Path links = files[1];
        note("every " + step + "th establishment is a registered employer; every 100th of those is closed with a successor");

        double readLineRate = readLine(stock);
        note("readLine: " + format(readLineRate, 0) + " rows/s");

        Path home = root.resolve("bench/target/sirene-hub-" + UUID.randomUUID());
        Path log = root.resolve("bench/target/sirene-hub.log");
        List<String> hubJvmArgs = splitArgs(System.getProperty("bench.hubJvmArgs", ""));
        try (Hub hub = Hub.start(jar, home, log, hubJvmArgs)) {
            hub.deleteHomeWhenStopped(true);
            hub.awaitReady(Duration.ofSeconds(Integer.getInteger("bench.readyTimeoutSeconds", 180)));
            Hub.Database database = hub.database();
            int registered = register(database, rows, step);
            note("registered " + registered + " employers (UNVERIFIED)");

            SingleConnectionDataSource data = new SingleConnectionDataSource(database.url(), database.user(), database.password(), true);
            data.setAutoCommit(true);
            JdbcClient client = JdbcClient.create(data);
            // the claim's renewal runs on a thread of its own: a connection of its own, not the single one
            JdbcClient leaseClient = JdbcClient.create(new DriverManagerDataSource(database.url(), database.user(), database.password()));
            ExchangeRuns runs = new ExchangeRuns(new ExchangeJournal(client, Clock.systemUTC(), true),
                    new Leases(leaseClient, "bench", 30_000), new Failpoints(""), new DataSourceTransactionManager(data));
            SireneStockImport imports = new SireneStockImport(new JdbcTemplate(data), runs, new Outbox(client),
                    new SireneReviews(client), Clock.systemUTC(), Integer.getInteger("bench.chunk", 5000));

            System.gc();
            List<MemoryPoolMXBean> heap = ManagementFactory.getMemoryPoolMXBeans().stream()
                    .filter(pool -> pool.getType() == MemoryType.HEAP).toList();
            heap.forEach(MemoryPoolMXBean::resetPeakUsage);
            long t0 = System.nanoTime();
            SireneStockImport.Result linked = imports.importFile(SireneStockImport.Kind.SUCCESSIONS, links.getFileName().toString(),
                    sha(), Files.size(links), () -> Files.newInputStream(links));
            long t1 = System.nanoTime();
            SireneStockImport.Result result = imports.importFile(SireneStockImport.Kind.ESTABLISHMENTS, stock.getFileName().toString(),
                    sha(), Files.size(stock), () -> Files.newInputStream(stock));
            long t2 = System.nanoTime();
            long peak = heap.stream().mapToLong(pool -> pool.getPeakUsage().getUsed()).sum();
            data.destroy();
            note("successions: " + linked.counts() + " in " + format(seconds(t1 - t0), 1) + " s");
            note("establishments: " + result.outcome() + " " + result.counts() + " in " + format(seconds(t2 - t1), 1) + " s");
            double sireneRate = rows / seconds(t2 - t1);

            double copyRate = copy(database, stock, rows);
            out("sirene.rows_per_s: " + format(sireneRate, 0));
            out("sirene.wall_s: " + format(seconds(t2 - t1), 1));
            out("sirene.heap_peak_mb: " + format(peak / 1_048_576.0, 0));
            out("readline.rows_per_s: " + format(readLineRate, 0));
            out("copy.rows_per_s: " + format(copyRate, 0));
            out("sirene.ratio_vs_copy: " + format(sireneRate / copyRate, 2));
            note("max heap of this JVM: " + Runtime.getRuntime().maxMemory() / 1_048_576 + " MB");
        }
    }

    private static String sha() {
        // the journal keys a file by its SHA-256; a fresh value makes each run a new import of the same file
        return (UUID.randomUUID().toString() + UUID.randomUUID()).replace("-", "");
    }

    // ------------------------------------------------------------------------------------------------ references

    private static double readLine(Path file) throws IOException {
        long t = System.nanoTime();
        long lines = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            while (in.readLine() != null) {
                lines++;
            }
        }
        return (lines - 1) / seconds(System.nanoTime() - t);
    }

    static double copy(Hub.Database database, Path file, int rows) throws Exception {
        try (Connection db = database.connect()) {
            StringBuilder columns = new StringBuilder();
            for (String column : HEADER.split(",")) {
                columns.append(columns.isEmpty() ? "" : ", ").append('"').append(column).append("\" text");
            }
            try (Statement statement = db.createStatement()) {
                statement.execute("DROP TABLE IF EXISTS bench_stock");
                statement.execute("CREATE TABLE bench_stock (" + columns + ")");
            }
            long t = System.nanoTime();
            long copied;
            try (Reader in = new InputStreamReader(Files.newInputStream(file), StandardCharsets.UTF_8)) {
                copied = db.unwrap(PGConnection.class).getCopyAPI()
                        .copyIn("COPY bench_stock FROM STDIN (FORMAT csv, HEADER true)", in, 1 << 16);
            }
            double rate = copied / seconds(System.nanoTime() - t);
            note("COPY: " + copied + " rows in " + format(seconds(System.nanoTime() - t), 1) + " s");
            try (Statement statement = db.createStatement()) {
                statement.execute("DROP TABLE bench_stock");
            }
            return rate;
        }
    }

    // ------------------------------------------------------------------------------------------------ data

    /** 9-digit SIREN of row {@code i}. */
    static String siren(int i) {
        return Integer.toString(300_000_000 + i);
    }

    static String siret(String siren, int nic4) {
        String first13 = siren + String.format("%04d", nic4);
        int sum = 0;
        for (int i = 0; i < 13; i++) {
            int digit = first13.charAt(12 - i) - '0';
            // the key will be the rightmost digit: the 13 others are shifted by one position
            if (i % 2 == 0) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            sum += digit;
        }
        return first13 + (10 - sum % 10) % 10;
    }

    static int register(Hub.Database database, int rows, int step) throws Exception {
        int count = 0;
        try (Connection db = database.connect()) {
            db.setAutoCommit(false);
            try (PreparedStatement insert = db.prepareStatement(
                    "INSERT INTO employer (id, siret, kind, status) VALUES (?, ?, 'ACI', 'UNVERIFIED')")) {
                for (int i = 0; i < rows; i += step) {
                    insert.setObject(1, UUID.randomUUID());
                    insert.setString(2, siret(siren(i), 1));
                    insert.addBatch();
                    if (++count % 5000 == 0) {
                        insert.executeBatch();
                    }
                }
                insert.executeBatch();
            }
            db.commit();
        }
        return count;
    }

    /**
     * The stock and successions files of {@code rows} establishments under {@code bench/target/sirene-bench/}: generated
     * unless a run with the same size left them there ({@code bench.keepFiles}, true by default).
     */
    static Path[] files(Path root, int rows, int step, int successions) throws IOException {
        Path dir = root.resolve("bench/target/sirene-bench");
        Files.createDirectories(dir);
        Path stock = dir.resolve("StockEtablissement_utf8_" + rows + ".csv");
        Path links = dir.resolve("StockEtablissementLiensSuccession_utf8_" + rows + ".csv");
        if (!Files.exists(stock) || !Files.exists(links) || !Boolean.parseBoolean(System.getProperty("bench.keepFiles", "true"))) {
            long t = System.nanoTime();
            generate(stock, links, rows, step, successions);
            note("generated " + rows + " establishments (" + Files.size(stock) / 1_000_000 + " MB) and " + successions
                    + " succession links in " + format(seconds(System.nanoTime() - t), 1) + " s");
        }
        return new Path[] {stock, links};
    }

    private static void generate(Path stock, Path links, int rows, int step, int successions) throws IOException {
        try (BufferedWriter out = Files.newBufferedWriter(stock, StandardCharsets.UTF_8)) {
            out.write(HEADER);
            out.write('\n');
            StringBuilder row = new StringBuilder(400);
            for (int i = 0; i < rows; i++) {
                row.setLength(0);
                String siren = siren(i);
                String siret = siret(siren, 1);
                boolean employer = i % step == 0;
                boolean closed = employer ? (i / step) % 100 == 0 : i % 10 == 3;
                boolean masked = !employer && i % 8 == 5;
                String street = STREETS[i % STREETS.length];
                String number = Integer.toString(1 + i % 120);
                row.append(siren).append(',').append(siret, 9, 14).append(',').append(siret).append(',')
                        .append(masked ? 'P' : 'O').append(",2012-03-15,12,2022,,2024-11-20T09:12:45,")
                        .append(i % 3 == 0 ? "true" : "false").append(",2,,");
                if (masked) {
                    row.append("[ND],,[ND],,[ND],[ND],");
                } else {
                    row.append(number).append(",,").append(number).append(",,RUE,").append(street).append(',');
                }
                row.append(TOWNS[i % TOWNS.length]).append(",,,,,")
                        .append(masked ? "[ND],[ND],[ND]" : "35238_x7k2_00012,351812.4,6789345.1")
                        .append(",,,,,,,,,,,,,,,")
                        .append(closed ? "2026-09-01,F," : "2016-01-01,A,");
                if (i % 20 == 7) {
                    row.append("\"CAFE, BAR ").append(i).append("\",,,,");
                } else {
                    row.append(",,,ATELIER ").append(i).append(',');
                }
                row.append("88.99B,NAFRev2,O,\n");
                out.append(row);
            }
        }
        try (BufferedWriter out = Files.newBufferedWriter(links, StandardCharsets.UTF_8)) {
            out.write(SUCCESSION_HEADER);
            out.write('\n');
            int written = 0;
            for (int i = 0; i < rows && written < successions; i += step * 100) {
                // a closed employer: half move within their company with continuity, half are taken over
                String from = siret(siren(i), 1);
                String to = (i / (step * 100)) % 2 == 0 ? siret(siren(i), 2) : siret(siren(i + 1), 1);
                out.write(from + "," + to + ",2026-09-01,false,true,2026-09-12T10:31:07\n");
                written++;
            }
            for (int i = 3; written < successions; i += 10) {
                out.write(siret(siren(i % rows), 1) + "," + siret(siren(i % rows), 3) + ",2026-09-01,false,true,2026-09-12T10:31:07\n");
                written++;
            }
        }
    }
}
