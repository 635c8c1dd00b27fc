package fr.passerelle.iae.routes.francetravail;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;

import org.awaitility.Awaitility;
import org.springframework.jdbc.core.simple.JdbcClient;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;

/** Agrément numbers, France Travail ids and drop-box files that no other test uses. */
final class AgrementFixtures {

    static final String HEADER = "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;NUM_AGR_DEC;"
            + "DATE_DEB;DATE_FIN;DATE_NAISS_BENE";
    private static final AtomicLong NEXT = new AtomicLong(System.nanoTime() % 90_000);

    private AgrementFixtures() {
    }

    /** A 12-digit root of agency 1xxxx (never the test issuer prefix XXXXX, LEG-08). */
    static String newRoot() {
        long n = NEXT.incrementAndGet();
        return String.format("%05d19%05d", 10_000 + n % 90_000, (n / 7) % 100_000);
    }

    /** An old-format France Travail id: 7 digits + a letter. */
    static String newFranceTravailId() {
        return String.format("%07dK", NEXT.incrementAndGet() % 10_000_000);
    }

    /** An old-format France Travail id of 8 digits (a spreadsheet may store it as a number), never starting with 0. */
    static String newNumericFranceTravailId() {
        return String.format("9%07d", NEXT.incrementAndGet() % 10_000_000);
    }

    static String row(String ftId, String root, String start, String end, String birth) {
        return "35021;" + ftId + ";MARTIN;LUCIE;LEROY;" + root + ";" + start + ";" + end + ";" + birth;
    }

    static Path dropBox() {
        return TestInfrastructure.get().sftp().root().resolve("francetravail/agrements");
    }

    /** Written under a hidden name, then renamed: the consumer never sees a half-written file. */
    static Path drop(String name, byte[] content) {
        try {
            Path box = dropBox();
            Files.createDirectories(box);
            Path tmp = box.resolve(".tmp-" + name);
            Files.write(tmp, content);
            return Files.move(tmp, box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Waits until the file is journalled DONE; what it did (table {@code ft_agrement_run}). */
    static Map<String, Object> loaded(JdbcClient jdbc, String name) {
        Awaitility.await().atMost(Duration.ofSeconds(60)).pollInterval(Duration.ofMillis(200)).until(() ->
                jdbc.sql("SELECT count(*) FROM exchange WHERE name = ? AND status = 'DONE'").param(name).query(Long.class).single() == 1);
        return jdbc.sql("SELECT r.rows_read, r.skipped, r.rejected, r.roots, r.linked, r.unchanged, r.unlinked, r.merged "
                        + "FROM ft_agrement_run r JOIN exchange e ON e.id = r.exchange_id WHERE e.name = ?")
                .param(name).query().singleRow();
    }

    static String newFileName() {
        return "agrements_ft_" + java.util.UUID.randomUUID().toString().substring(0, 8) + ".csv";
    }

    static Path drop(String name, String... lines) {
        return drop(name, (HEADER + "\n" + String.join("\n", lines) + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8));
    }
}
