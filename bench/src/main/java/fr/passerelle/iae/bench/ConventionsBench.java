package fr.passerelle.iae.bench;

import static fr.passerelle.iae.bench.Bench.*;

import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

import org.postgresql.PGConnection;
import org.postgresql.copy.CopyIn;


/**
 * Conventionnement benchmark (see bench/README.md). Generates one ASP fluxIAE delivery (60,000 structures, 600,000
 * financial annexes), starts the packaged hub, drops the delivery in the embedded SFTP server's {@code conventions/}
 * folder and times its import from the exchange journal; then drops the same content again as next week's delivery
 * (nothing changes) and times that too. The hub runs with {@code -Xmx256m}. The references, measured in the same
 * run: a plain read of the same files (every line split on {@code |}), and a {@code COPY} of their data rows into
 * plain tables of the hub's PostgreSQL. The hub's heap is sampled from its metrics endpoint throughout. Measures and
 * prints only.
 *
 * <p>System properties: {@code bench.structures} (60000), {@code bench.annexesPerStructure} (10),
 * {@code bench.readyTimeoutSeconds} (180), {@code bench.importTimeoutSeconds} (1800), {@code bench.hubJar},
 * {@code bench.hubJvmArgs}, {@code bench.keepHome} (false).
 */
public final class ConventionsBench {

    private static final String STRUCTURE_HEADER = "structure_date_creation|structure_date_modification|structure_id_siae|"
            + "structure_siret_signature|structure_siret_actualise|structure_denomination|structure_categorie_juridique_id|"
            + "structure_categorie_juridique_code|structure_code_naf|structure_idcc_id|structure_idcc_code|"
            + "structure_adresse_admin_numero_apt|structure_adresse_admin_entree|structure_adresse_admin_numero|"
            + "structure_adresse_admin_cplt_num_voie|structure_adresse_admin_type_voie|structure_adresse_admin_nom_voie|"
            + "structure_adresse_admin_cplt_adresse|structure_adresse_admin_cp|structure_adresse_admin_commune|"
            + "structure_adresse_admin_code_insee|structure_adresse_admin_telephone|structure_adresse_gestion_numero_apt|"
            + "structure_adresse_gestion_entree|structure_adresse_gestion_numero|structure_adresse_gestion_cplt_num_voie|"
            + "structure_adresse_gestion_type_voie|structure_adresse_gestion_nom_voie|structure_adresse_gestion_cplt_adresse|"
            + "structure_adresse_gestion_cp|structure_adresse_gestion_commune|structure_adresse_gestion_code_insee|"
            + "structure_adresse_gestion_telephone|structure_identifiant_corresp_technique|"
            + "structure_adresse_mail_corresp_technique|structure_adresse_nom_corresp_technique|"
            + "structure_adresse_prenom_corresp_technique";
    private static final String ANNEX_HEADER = "af_id_structure|af_mesure_dispositif_code|af_numero_annexe_financiere|"
            + "af_numero_avenant_renouvellement|af_numero_avenant_modification|af_id_annexe_financiere|"
            + "af_etat_annexe_financiere_code|af_date_debut_effet|af_date_fin_effet|af_etp_postes_insertion|af_mt_total_aide";
    private static final String[] KINDS = {"ACI", "AI", "EI", "ETTI", "EITI"};

    private ConventionsBench() {
    }

    record Import(String status, long received, long applied, long unchanged, long rejected, double seconds, double wallSeconds) {
    }

    public static void main(String[] args) throws Exception {
        int structures = Integer.getInteger("bench.structures", 60_000);
        int annexesPerStructure = Integer.getInteger("bench.annexesPerStructure", 10);
        Duration readyTimeout = Duration.ofSeconds(Long.getLong("bench.readyTimeoutSeconds", 180));
        Duration importTimeout = Duration.ofSeconds(Long.getLong("bench.importTimeoutSeconds", 1800));
        boolean keepHome = Boolean.getBoolean("bench.keepHome");
        // the hub's own -Xmx1g overridden: every import must hold in 256 MB of heap whatever the file size
        List<String> hubJvmArgs = new ArrayList<>(List.of("-Xmx256m"));
        for (String arg : System.getProperty("bench.hubJvmArgs", "").trim().split("\\s+")) {
            if (!arg.isEmpty()) {
                hubJvmArgs.add(arg);
            }
        }
        Path root = repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()))
                .toAbsolutePath().normalize();
        Path target = root.resolve("bench/target");
        String run = "conventions-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path home = target.resolve(run);
        Path log = target.resolve(run + "-hub.log");
        Path files = target.resolve(run + "-files");
        Files.createDirectories(files);

        Bench.note("generating " + structures + " structures and " + structures * annexesPerStructure + " annexes in " + files);
        Path[] first = generate(files, "03032025_061502", structures, annexesPerStructure);
        Path[] again = generate(files, "10032025_061502", structures, annexesPerStructure);
        long rows = structures + (long) structures * annexesPerStructure;

        // reference: the same files read line by line and split on '|', nothing else
        long started = System.nanoTime();
        long lines = plainRead(first[0]) + plainRead(first[1]);
        double readSeconds = (System.nanoTime() - started) / 1e9;
        Bench.note(String.format(Locale.ROOT, "plain read: %d data lines, %d fields in %.2f s", lines, fieldsRead, readSeconds));

        Bench.note("starting the hub " + jar + " (PASSERELLE_HOME " + home + ", log " + log + ")");
        try {
            measure(jar, home, log, hubJvmArgs, keepHome, first, again, rows, lines, readSeconds, readyTimeout, importTimeout);
        } finally {
            if (!keepHome) {
                Hub.deleteTree(files);
            }
        }
    }

    private static void measure(Path jar, Path home, Path log, List<String> hubJvmArgs, boolean keepHome, Path[] first, Path[] again,
                                long rows, long lines, double readSeconds, Duration readyTimeout, Duration importTimeout)
            throws Exception {
        try (Hub hub = Hub.start(jar, home, log, hubJvmArgs)) {
            hub.deleteHomeWhenStopped(!keepHome);
            hub.awaitReady(readyTimeout);
            Path dropBox = hub.sftpRoot().resolve("conventions");
            HeapSampler heap = new HeapSampler(hub);
            heap.start();
            try (Connection db = hub.database().connect()) {
                Import load = deliver(db, dropBox, first, importTimeout);
                Bench.note("first load: " + load);
                Import rerun = deliver(db, dropBox, again, importTimeout);
                Bench.note("re-run: " + rerun);
                heap.stop();
                double copySeconds = copy(db, first);
                double copyRate = rows / copySeconds;
                System.out.printf(Locale.ROOT, "conventions.rows: %d%n", rows);
                System.out.printf(Locale.ROOT, "conventions.first_load.seconds: %.1f%n", load.seconds());
                System.out.printf(Locale.ROOT, "conventions.first_load.rows_per_s: %.0f%n", load.received() / load.seconds());
                System.out.printf(Locale.ROOT, "conventions.first_load.applied: %d%n", load.applied());
                System.out.printf(Locale.ROOT, "conventions.rerun.seconds: %.1f%n", rerun.seconds());
                System.out.printf(Locale.ROOT, "conventions.rerun.rows_per_s: %.0f%n", rerun.received() / rerun.seconds());
                System.out.printf(Locale.ROOT, "conventions.rerun.unchanged: %d%n", rerun.unchanged());
                System.out.printf(Locale.ROOT, "conventions.rerun.applied: %d%n", rerun.applied());
                System.out.printf(Locale.ROOT, "conventions.heap_peak_mb: %.0f%n", heap.peakBytes() / 1048576.0);
                System.out.printf(Locale.ROOT, "plain_read.rows_per_s: %.0f%n", lines / readSeconds);
                System.out.printf(Locale.ROOT, "conventions.first_load.ratio_vs_plain_read: %.4f%n",
                        (load.received() / load.seconds()) / (lines / readSeconds));
                System.out.printf(Locale.ROOT, "copy.seconds: %.1f%n", copySeconds);
                System.out.printf(Locale.ROOT, "copy.rows_per_s: %.0f%n", copyRate);
                System.out.printf(Locale.ROOT, "conventions.first_load.ratio_vs_copy: %.3f%n", (load.received() / load.seconds()) / copyRate);
                System.out.printf(Locale.ROOT, "conventions.rerun.ratio_vs_copy: %.3f%n", (rerun.received() / rerun.seconds()) / copyRate);
            }
        }
    }

    /**
     * Drops the annex view then the Structure view (each written under a temporary name, then renamed, as a partner
     * uploading by SFTP would), and waits for the journal to close the delivery.
     */
    private static Import deliver(Connection db, Path dropBox, Path[] delivery, Duration timeout) throws Exception {
        long dropped = System.nanoTime();
        for (Path file : new Path[] {delivery[1], delivery[0]}) {
            Path temporary = dropBox.resolve(".uploading-" + file.getFileName());
            Files.copy(file, temporary, StandardCopyOption.REPLACE_EXISTING);
            Files.move(temporary, dropBox.resolve(file.getFileName()), StandardCopyOption.ATOMIC_MOVE);
        }
        String name = delivery[0].getFileName() + "%";
        long deadline = System.nanoTime() + timeout.toNanos();
        while (System.nanoTime() < deadline) {
            try (PreparedStatement query = db.prepareStatement("""
                    SELECT status, received, applied, unchanged, rejected, extract(epoch FROM finished_at - received_at)
                    FROM exchange WHERE flow = 'conventions' AND name LIKE ? AND status IN ('DONE', 'REFUSED', 'FAILED')""")) {
                query.setString(1, name);
                try (ResultSet rs = query.executeQuery()) {
                    if (rs.next()) {
                        return new Import(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), rs.getDouble(6),
                                (System.nanoTime() - dropped) / 1e9);
                    }
                }
            }
            Thread.sleep(500);
        }
        throw new IllegalStateException("the delivery " + delivery[0].getFileName() + " was not imported in " + timeout);
    }

    /** A Structure view and an AnnexeFinanciere view of {@code structures} structures, every annex active but the older ones. */
    private static Path[] generate(Path dir, String stamp, int structures, int annexesPerStructure) throws IOException {
        Path structure = dir.resolve("fluxIAE_Structure_" + stamp + ".csv");
        Path annexes = dir.resolve("fluxIAE_AnnexeFinanciere_" + stamp + ".csv");
        try (BufferedWriter out = Files.newBufferedWriter(structure, StandardCharsets.UTF_8)) {
            out.write("DEBStructure" + stamp + "|".repeat(36) + "\n" + STRUCTURE_HEADER + "\n");
            for (int i = 1; i <= structures; i++) {
                String siret = siret(i);
                out.write("15/03/2012 00:00:00|02/01/2025 00:00:00|" + (100_000 + i) + "|" + siret + "|" + siret + "|STRUCTURE " + i
                        + "||9220|8899B||9999|||12||RUE|DU CANAL||35000|RENNES|35238|0299000001|||12||RUE|DU CANAL||35000|RENNES|35238|"
                        + "0299000001|tech" + i + "|contact" + i + "@example.org|NOM|Prenom\n");
            }
            out.write("FIN" + structures + "|".repeat(36) + "\n");
        }
        try (BufferedWriter out = Files.newBufferedWriter(annexes, StandardCharsets.UTF_8)) {
            out.write("DEBAnnexeFinanciere" + stamp + "|".repeat(10) + "\n" + ANNEX_HEADER + "\n");
            for (int i = 1; i <= structures; i++) {
                String kind = KINDS[i % KINDS.length];
                String prefix = String.format("%s035%02d%04d", kind, 15 + i / 10_000, i % 10_000);
                for (int n = 0; n < annexesPerStructure; n++) {
                    boolean current = n == annexesPerStructure - 1;
                    int year = 2025 - (annexesPerStructure - 1 - n);
                    out.write((100_000 + i) + "|" + kind + "_DC|" + prefix + "|" + n + "|0|" + (i * 100 + n) + "|"
                            + (current ? "VALIDE" : "HISTORISE") + "|01/01/" + year + "|31/12/" + (current ? 2099 : year)
                            + "|12.00|262104.00\n");
                }
            }
            out.write("FIN" + (long) structures * annexesPerStructure + "|".repeat(10) + "\n");
        }
        return new Path[] {structure, annexes};
    }

    /**
     * The reference: PostgreSQL's own bulk load of the delivery's data rows (without the DEB, header and FIN lines),
     * each view into a plain table of text columns (created, then dropped), one {@code COPY} per view: no rule, no
     * index, nothing compared.
     */
    private static double copy(Connection db, Path[] delivery) throws SQLException, IOException {
        int[] columns = {STRUCTURE_HEADER.split("\\|").length, ANNEX_HEADER.split("\\|").length};
        try (Statement ddl = db.createStatement()) {
            for (int v = 0; v < 2; v++) {
                ddl.execute("DROP TABLE IF EXISTS bench_conventions_copy_" + v);
                List<String> definitions = new ArrayList<>();
                for (int c = 0; c < columns[v]; c++) {
                    definitions.add("c" + c + " text");
                }
                ddl.execute("CREATE TABLE bench_conventions_copy_" + v + " (" + String.join(", ", definitions) + ")");
            }
        }
        long copied = 0;
        long started = System.nanoTime();
        for (int v = 0; v < 2; v++) {
            CopyIn copy = db.unwrap(PGConnection.class).getCopyAPI()
                    .copyIn("COPY bench_conventions_copy_" + v + " FROM STDIN WITH (FORMAT text, DELIMITER '|')");
            try (BufferedReader in = Files.newBufferedReader(delivery[v], StandardCharsets.UTF_8)) {
                in.readLine();
                in.readLine();
                StringBuilder buffer = new StringBuilder(1 << 17);
                String line;
                while ((line = in.readLine()) != null) {
                    if (line.startsWith("FIN")) {
                        continue;
                    }
                    buffer.append(line).append('\n');
                    if (buffer.length() > 1 << 16) {
                        byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                        copy.writeToCopy(bytes, 0, bytes.length);
                        buffer.setLength(0);
                    }
                }
                byte[] bytes = buffer.toString().getBytes(StandardCharsets.UTF_8);
                copy.writeToCopy(bytes, 0, bytes.length);
                copied += copy.endCopy();
            } finally {
                if (copy.isActive()) {
                    copy.cancelCopy();
                }
            }
        }
        double seconds = (System.nanoTime() - started) / 1e9;
        Bench.note(String.format(Locale.ROOT, "copy: %d rows in %.2f s", copied, seconds));
        try (Statement ddl = db.createStatement()) {
            ddl.execute("DROP TABLE bench_conventions_copy_0");
            ddl.execute("DROP TABLE bench_conventions_copy_1");
        }
        return seconds;
    }

    /** Fields counted by the plain read, printed so that the JIT cannot drop the splitting. */
    private static long fieldsRead;

    /** The data lines of a view, each split on '|'. */
    private static long plainRead(Path file) throws IOException {
        long lines = 0;
        long fields = 0;
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            String line;
            while ((line = in.readLine()) != null) {
                fields += line.split("\\|", -1).length;
                lines++;
            }
        }
        fieldsRead += fields;
        return lines - 3;                       // without the DEB, header and FIN lines
    }

    /** A valid SIRET (Luhn) of SIREN 96 + a 7-digit counter. */
    private static String siret(int i) {
        String first13 = String.format("96%07d0001", i);
        for (int last = 0; last <= 9; last++) {
            String candidate = first13 + last;
            int total = 0;
            for (int d = 0; d < 14; d++) {
                int digit = candidate.charAt(13 - d) - '0';
                if (d % 2 == 1) {
                    digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
                }
                total += digit;
            }
            if (total % 10 == 0) {
                return candidate;
            }
        }
        throw new IllegalStateException();
    }
}
