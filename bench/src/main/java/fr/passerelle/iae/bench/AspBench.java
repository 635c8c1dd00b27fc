package fr.passerelle.iae.bench;

import java.io.ByteArrayInputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.UUID;
import java.util.stream.Stream;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.jcraft.jsch.ChannelSftp;
import com.jcraft.jsch.JSch;
import com.jcraft.jsch.Session;

/**
 * ASP fiches salarié benchmark (see bench/README.md). Starts the packaged hub with its ASP simulator off, puts
 * {@code bench.fiches} READY fiches salarié straight into its PostgreSQL (the hires themselves are the issuance
 * benchmark's business), then times one {@code asp-upload} run building and writing all of them (700 lines per file)
 * to the embedded SFTP server, and the {@code asp-returns} processing of one return file per upload (every line
 * {@code 0000}). References in the same run: a plain SFTP put of the same bytes with the same client library (JSch),
 * and a plain multi-row INSERT of as many rows into the same database. Measures and prints only.
 */
public final class AspBench {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String EMPLOYEE = """
            {"birthPlace": null, "adresse": {"adrNumeroVoie": "12", "codeextensionvoie": "B", "codetypevoie": "RUE",
             "adrLibelleVoie": "DES LILAS", "adrCpltDistribution": null, "codeinseecom": "35238", "codepostalcedex": "35000"},
             "situationSalarie": {"niveauFormation": "50", "salarieEnEmploi": false, "salarieSansEmploiDepuis": "03",
             "salarieSansRessource": false, "salarieRQTH": false, "salarieOETH": false, "salarieBenefRSA": "OUI-NM",
             "salarieBenefRSADepuis": "02", "salarieBenefASS": false, "salarieBenefAAH": false, "salarieSortantASE": false,
             "salarieParentIsole": false, "salarieHebergement": false, "salarieRefugie": false, "salarieSortantDetention": false,
             "salarieMobilite": false, "lowFrenchLevel": false}}""";

    private AspBench() {
    }

    public static void main(String[] args) throws Exception {
        int fiches = Integer.getInteger("bench.fiches", 100_000);
        Duration readyTimeout = Duration.ofSeconds(Long.getLong("bench.readyTimeoutSeconds", 180));
        boolean keepHome = Boolean.getBoolean("bench.keepHome");
        Path root = Bench.repositoryRoot();
        Path jar = Path.of(System.getProperty("bench.hubJar", root.resolve("routes/target/passerelle-iae.jar").toString()))
                .toAbsolutePath().normalize();
        String run = "asp-" + LocalDateTime.now().format(DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss"));
        Path home = root.resolve("bench/target").resolve(run);
        Path log = root.resolve("bench/target").resolve(run + "-hub.log");
        List<String> jvmArgs = new ArrayList<>(List.of("-Dpasserelle.asp-simulator.enabled=false",
                "-Dpasserelle.asp.upload.max-files-per-run=100000"));
        jvmArgs.addAll(Bench.splitArgs(System.getProperty("bench.hubJvmArgs", "")));
        Bench.note("starting the hub " + jar + " (PASSERELLE_HOME " + home + ", log " + log + ")");
        try (Hub hub = Hub.start(jar, home, log, jvmArgs)) {
            hub.deleteHomeWhenStopped(!keepHome);
            hub.awaitReady(readyTimeout);
            Properties endpoints = hub.endpoints();
            Path asp = hub.sftpRoot().resolve("asp");
            try (Connection db = hub.database().connect()) {
                long seeded = System.nanoTime();
                seed(db, fiches);
                Bench.note("seeded " + fiches + " READY fiches salarié in " + Bench.format(Bench.seconds(System.nanoTime() - seeded), 1) + " s");

                long started = System.nanoTime();
                String answer = runFlow(hub, "asp-upload");
                double uploadSeconds = Bench.seconds(System.nanoTime() - started);
                Bench.note("asp-upload run: " + answer);
                List<Path> files;
                try (Stream<Path> listed = Files.list(asp.resolve("depot"))) {
                    files = listed.filter(p -> p.getFileName().toString().matches("RIAE_FS_[0-9]{14}\\.json")).sorted().toList();
                }
                long bytes = 0;
                for (Path file : files) {
                    bytes += Files.size(file);
                }
                long sent = count(db, "SELECT count(*) FROM fiche_salarie WHERE status = 'SENT'");

                // reference: the same bytes put by the same SFTP client library, one session, no database
                double rawSeconds = rawPut(endpoints, files);

                // ASP's answers: every line integrated, one return file per upload, written as ASP writes them
                for (Path file : files) {
                    ObjectNode content = (ObjectNode) JSON.readTree(file.toFile());
                    content.withArray("lignesTelechargement").forEach(line ->
                            ((ObjectNode) line).put("codeTraitement", "0000").put("libelleTraitement", "OK"));
                    String name = file.getFileName().toString().replace(".json", "_FichierRetour.json");
                    Path temporary = asp.resolve("retrait").resolve("." + name);
                    JSON.writeValue(temporary.toFile(), content);
                    Files.move(temporary, asp.resolve("retrait").resolve(name), StandardCopyOption.ATOMIC_MOVE);
                }
                long returnsStarted = System.nanoTime();
                Bench.note("asp-returns run: " + runFlow(hub, "asp-returns"));
                double returnsWall = Bench.seconds(System.nanoTime() - returnsStarted);
                long processed = count(db, "SELECT count(*) FROM fiche_salarie WHERE status = 'PROCESSED'");
                double returnsSeconds;
                try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery("""
                        SELECT coalesce(sum(extract(epoch FROM finished_at - received_at)), 0) FROM exchange
                        WHERE flow = 'asp-returns' AND status = 'DONE'""")) {
                    rs.next();
                    returnsSeconds = rs.getDouble(1);
                }
                Bench.note("return files: " + Bench.format(returnsWall, 1) + " s wall for the run (the read lock waits 0.5 s per file), "
                        + Bench.format(returnsSeconds, 1) + " s of processing in the journal");

                double insertSeconds = plainInsert(db, fiches);

                Bench.out("asp.fiches: " + fiches);
                Bench.out("asp.files: " + files.size());
                Bench.out("asp.sent: " + sent);
                Bench.out("asp.upload_s: " + Bench.format(uploadSeconds, 1));
                // PARTNERS §1.2: names have a one-second resolution and are never reused, so one file per second at most
                Bench.out("asp.upload.name_floor_s: " + files.size());
                Bench.out("asp.upload_mb_per_s: " + Bench.format(bytes / 1048576.0 / uploadSeconds, 2));
                Bench.out("sftp.raw_upload_mb_per_s: " + Bench.format(bytes / 1048576.0 / rawSeconds, 2));
                Bench.out("asp.upload.ratio_vs_raw_sftp: " + Bench.format(rawSeconds / uploadSeconds, 3));
                Bench.out("asp.returns.processed: " + processed);
                Bench.out("asp.returns.lines_per_s: " + Bench.format(processed / returnsSeconds, 0));
                Bench.out("insert.rows_per_s: " + Bench.format(fiches / insertSeconds, 0));
                Bench.out("asp.returns.ratio_vs_insert: " + Bench.format((processed / returnsSeconds) / (fiches / insertSeconds), 3));
            }
        }
    }

    /** {@code fiches} people, PASS, hires and READY fiches of one ACI with a convention, in a few set-based statements. */
    private static void seed(Connection db, int fiches) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("""
                    INSERT INTO convention (id, asp_id, kind, siret_signature, active) VALUES ('00000000-0000-0000-0000-0000000000a1', 99000001, 'ACI', '44198765800016', true);
                    INSERT INTO employer (id, siret, kind, status, asp_id, convention_id)
                    VALUES ('00000000-0000-0000-0000-0000000000e1', '44198765800016', 'ACI', 'ACTIVE', '99000001', '00000000-0000-0000-0000-0000000000a1')
                    ON CONFLICT (siret, kind) DO UPDATE SET asp_id = excluded.asp_id, convention_id = excluded.convention_id""");
            st.execute("""
                    CREATE TEMP TABLE bench_people AS
                    SELECT i, md5('person' || i)::uuid AS person, md5('hire' || i)::uuid AS hire, md5('fiche' || i)::uuid AS fiche,
                           'BENCH' || lpad(i::text, 7, '0') AS pass,
                           '2900475' || lpad((100 + i / 1000)::text, 3, '0') || lpad((i %% 1000)::text, 3, '0') AS first13
                    FROM generate_series(1, %d) i""".formatted(fiches));
            st.execute("""
                    INSERT INTO person (id, nir, birth_date, title, last_name, first_name, asp_id)
                    SELECT person, first13 || lpad((97 - first13::bigint %% 97)::text, 2, '0'), date '1990-04-15', 'MME',
                           'BENCH ' || i, 'LEA', substr(md5('asp' || i), 1, 30) FROM bench_people;
                    INSERT INTO pass_number (number) SELECT pass FROM bench_people;
                    INSERT INTO pass (number, person_id, start_date, end_date, origin, origin_siret, origin_kind, origin_sender,
                                      origin_prescriber_kind, origin_prescriber_authorized)
                    SELECT pass, person, current_date, current_date + 729, 'ISSUED', '44198765800016', 'ACI', 'PRESCRIBER', 'FT', true
                    FROM bench_people;
                    INSERT INTO hire (id, pass_number, person_id, employer_id, siret, kind, hiring_start_date, accepted_at)
                    SELECT hire, pass, person, (SELECT id FROM employer WHERE siret = '44198765800016' AND kind = 'ACI'),
                           '44198765800016', 'ACI', current_date, now() FROM bench_people;
                    INSERT INTO hire_employee (hire_id, employee) SELECT hire, '%s'::jsonb FROM bench_people;
                    INSERT INTO fiche_salarie (id, hire_id, pass_number, siret, measure, status, created_at, updated_at)
                    SELECT fiche, hire, pass, '44198765800016', 'ACI_DC', 'READY', now(), now() + i * interval '1 microsecond'
                    FROM bench_people;
                    DROP TABLE bench_people""".formatted(EMPLOYEE.replace("'", "''")));
        }
    }

    /** Starts the flow (202 at once) and reads its run until it ends; returns the ended run. */
    private static String runFlow(Hub hub, String flow) throws Exception {
        HttpClient client = HttpClient.newBuilder().version(HttpClient.Version.HTTP_1_1).build();
        HttpRequest request = HttpRequest.newBuilder(hub.uri("/api/v1/ops/flows/" + flow + "/run"))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + hub.apiKey())
                .header("Content-Type", "application/json")
                .header("Idempotency-Key", "bench-" + UUID.randomUUID())
                .POST(HttpRequest.BodyPublishers.ofString("{}")).build();
        HttpResponse<String> answer = client.send(request, HttpResponse.BodyHandlers.ofString());
        if (answer.statusCode() != 202) {
            throw new IllegalStateException(flow + " run answered " + answer.statusCode() + ": " + answer.body());
        }
        HttpRequest state = HttpRequest.newBuilder(hub.uri(answer.headers().firstValue("Location").orElseThrow()))
                .timeout(Duration.ofSeconds(30))
                .header("Authorization", "Bearer " + hub.apiKey()).GET().build();
        String run = answer.body();
        while (JSON.readTree(run).path("state").asText().equals("RUNNING")) {
            Thread.sleep(100);
            run = client.send(state, HttpResponse.BodyHandlers.ofString()).body();
        }
        if (!JSON.readTree(run).path("state").asText().equals("DONE")) {
            throw new IllegalStateException(flow + " run did not end well: " + run);
        }
        return run;
    }

    /** The upload files' bytes put again under other names into {@code asp/depot}, by JSch over one session. */
    private static double rawPut(Properties endpoints, List<Path> files) throws Exception {
        JSch jsch = new JSch();
        jsch.addIdentity(endpoints.getProperty("passerelle.sftp.private-key"));
        jsch.setKnownHosts(endpoints.getProperty("passerelle.sftp.known-hosts"));
        Session session = jsch.getSession(endpoints.getProperty("passerelle.sftp.user"), endpoints.getProperty("passerelle.sftp.host"),
                Integer.parseInt(endpoints.getProperty("passerelle.sftp.port")));
        session.setConfig("StrictHostKeyChecking", "yes");
        session.setConfig("server_host_key", session.getConfig("server_host_key") + ",ssh-rsa");
        session.setConfig("PubkeyAcceptedAlgorithms", session.getConfig("PubkeyAcceptedAlgorithms") + ",ssh-rsa");
        byte[][] contents = new byte[files.size()][];
        for (int i = 0; i < files.size(); i++) {
            contents[i] = Files.readAllBytes(files.get(i));
        }
        long started = System.nanoTime();
        session.connect(10_000);
        try {
            ChannelSftp sftp = (ChannelSftp) session.openChannel("sftp");
            sftp.connect(10_000);
            for (int i = 0; i < contents.length; i++) {
                sftp.put(new ByteArrayInputStream(contents[i]), "asp/depot/raw-" + i + ".ref");
            }
            sftp.disconnect();
        } finally {
            session.disconnect();
        }
        return Bench.seconds(System.nanoTime() - started);
    }

    /** As many rows as fiches, one multi-row INSERT per 700, each committed: the database's own pace for the same count. */
    private static double plainInsert(Connection db, int rows) throws Exception {
        try (Statement st = db.createStatement()) {
            st.execute("CREATE TABLE bench_asp_insert (id bigint, payload text)");
            long started = System.nanoTime();
            for (int from = 0; from < rows; from += 700) {
                st.execute("INSERT INTO bench_asp_insert SELECT i, repeat('x', 1500) FROM generate_series(" + from + ", "
                        + Math.min(rows, from + 700) + " - 1) i");
            }
            double seconds = Bench.seconds(System.nanoTime() - started);
            st.execute("DROP TABLE bench_asp_insert");
            return seconds;
        }
    }

    private static long count(Connection db, String sql) throws Exception {
        try (Statement st = db.createStatement(); ResultSet rs = st.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }
}
