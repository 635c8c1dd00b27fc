package fr.passerelle.iae.routes.sirene;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ThreadLocalRandom;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import fr.passerelle.iae.connectors.infra.TestInfrastructure;

/**
 * Fresh SIRETs (SIRENs starting with 96, used by no other test) and stock files in the real 3.11 layout: the header is
 * the one of {@code samples/sirene/StockEtablissement_utf8_sample.csv}.
 */
public final class SireneFixtures {

    public static final String HEADER;
    static final String SUCCESSION_HEADER = "siretEtablissementPredecesseur,siretEtablissementSuccesseur,dateLienSuccession,"
            + "transfertSiege,continuiteEconomique,dateDernierTraitementLienSuccession";

    static {
        try (InputStream in = SireneFixtures.class.getResourceAsStream("/sirene/etablissements.csv")) {
            String text = new String(in.readAllBytes(), StandardCharsets.UTF_8);
            HEADER = text.substring(0, text.indexOf('\n'));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private SireneFixtures() {
    }

    /** A new company: a random SIREN starting with 96. */
    static String siren() {
        return "96" + String.format("%07d", ThreadLocalRandom.current().nextInt(10_000_000));
    }

    /** A valid SIRET (EMP-02) of {@code siren}: NIC = 4 digits + the Luhn key. */
    static String siret(String siren, int nic4) {
        String first13 = siren + String.format("%04d", nic4);
        for (int key = 0; key < 10; key++) {
            if (luhn(first13 + key)) {
                return first13 + key;
            }
        }
        throw new IllegalStateException();
    }

    static String siret() {
        return siret(siren(), 1);
    }

    /** A {@code StockEtablissement} row, columns by name; {@code values} overrides (name → value, already quoted if need be). */
    public static String row(String siret, String state, String since, String name, String... values) {
        Map<String, String> row = new LinkedHashMap<>();
        for (String column : HEADER.split(",")) {
            row.put(column, "");
        }
        row.put("siren", siret.substring(0, 9));
        row.put("nic", siret.substring(9));
        row.put("siret", siret);
        row.put("statutDiffusionEtablissement", "O");
        row.put("dateCreationEtablissement", "2015-01-01");
        row.put("etablissementSiege", "true");
        row.put("nombrePeriodesEtablissement", "1");
        row.put("numeroVoieEtablissement", "3");
        row.put("typeVoieEtablissement", "RUE");
        row.put("libelleVoieEtablissement", "DES TESTS");
        row.put("codePostalEtablissement", "35000");
        row.put("libelleCommuneEtablissement", "RENNES");
        row.put("codeCommuneEtablissement", "35238");
        row.put("dateDebut", since);
        row.put("etatAdministratifEtablissement", state);
        row.put("denominationUsuelleEtablissement", name);
        row.put("activitePrincipaleEtablissement", "88.99B");
        row.put("dateDernierTraitementEtablissement", "2026-10-01T10:00:00");
        for (int i = 0; i < values.length; i += 2) {
            row.put(values[i], values[i + 1]);
        }
        return String.join(",", row.values());
    }

    static String succession(String from, String to, String date, boolean headOffice, boolean continuity) {
        return from + "," + to + "," + date + "," + headOffice + "," + continuity + ",2026-10-02T08:00:00";
    }

    static String csv(String header, List<String> rows) {
        return header + "\n" + String.join("\n", rows) + "\n";
    }

    static byte[] zip(String entry, String content) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry(entry));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    /** Drops a file in the {@code sirene/} drop box of the SFTP server, whole at once (written aside, then renamed). */
    static void drop(String name, byte[] content) {
        Path box = TestInfrastructure.get().sftp().root().resolve("sirene");
        try {
            Files.createDirectories(box);
            Path temp = Files.createTempFile(box.getParent(), ".sirene-", ".tmp");
            Files.write(temp, content);
            Files.move(temp, box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static List<String> rows(String... rows) {
        return new ArrayList<>(List.of(rows));
    }

    private static boolean luhn(String digits) {
        int total = 0;
        for (int i = 0; i < digits.length(); i++) {
            int digit = digits.charAt(digits.length() - 1 - i) - '0';
            if (i % 2 == 1) {
                digit = digit * 2 > 9 ? digit * 2 - 9 : digit * 2;
            }
            total += digit;
        }
        return total % 10 == 0;
    }
}
