package fr.passerelle.iae.routes.faults;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.MessageDigest;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.Stream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

import fr.passerelle.iae.routes.conventions.FluxIaeDelivery;
import fr.passerelle.iae.routes.sirene.SireneFixtures;

/**
 * The inbound files of the file-flow scenarios, one kind per flow that runs on the journal's skeleton (a fluxIAE
 * delivery, an agréments file as CSV or XLSX, a SIRENE stock file, an ASP return file), each knowing what it must leave
 * once the hub is done with it, whatever the kills and the nodes. {@link #outcome} counts it from the registry and the
 * drop boxes:
 * <ul>
 * <li>lost: records of the file neither applied nor rejected (compared with what the file holds), a file with no
 * journal entry at all, and a file gone from its drop box but not kept where processed files go;</li>
 * <li>applied twice: events beyond one per (key, type) for the keys the file touches, reject rows kept twice, more
 * than one journal entry for its SHA-256, journal counts other than those the file must give;</li>
 * <li>stuck: its journal entry not closed (DONE or REFUSED), the file still in its drop box.</li>
 * </ul>
 */
abstract class FileCase {

    private static final DateTimeFormatter STAMP = DateTimeFormatter.ofPattern("ddMMyyyy_HHmmss");
    /** Numbers every file's records apart (SIRETs, structure ids, agrément roots), across the suite. */
    private static final AtomicInteger FILES = new AtomicInteger();

    final String label;
    final String flow;
    final String name;
    byte[] content;

    FileCase(String label, String flow, String name) {
        this.label = label;
        this.flow = flow;
        this.name = name;
    }

    /** Its drop box, under the SFTP root. */
    abstract String box();

    /** Records of the file with no outcome in the registry. */
    abstract long missing(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception;

    /** Events beyond one per (key, type) for the keys the file touches. */
    abstract long eventsTwice(RegistryProbe registry) throws Exception;

    /** What is wrong with the journal's counts; null when they are those the file must give. */
    abstract String journalMismatch(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception;

    /** Whether the file is where a processed file goes (moved to done/, or deleted). */
    abstract boolean moved(Path sftp) throws IOException;

    /** What the row says besides the counts. */
    abstract String describe(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception;

    String sha256() {
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(content));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    /** Puts it in its drop box whole: written aside under the SFTP root, then renamed into the box. */
    void drop(Path sftp) throws IOException {
        Path box = sftp.resolve(box());
        Files.createDirectories(box);
        Path aside = Files.createDirectories(sftp.resolve(".fault-suite")).resolve(name);
        Files.write(aside, content);
        Files.move(aside, box.resolve(name), StandardCopyOption.ATOMIC_MOVE);
    }

    boolean inBox(Path sftp) {
        return Files.exists(sftp.resolve(box()).resolve(name));
    }

    /** Journal closed and file gone from the drop box: nothing more will happen to it. */
    boolean settled(RegistryProbe registry, Path sftp) throws Exception {
        List<RegistryProbe.Journal> entries = registry.journal(flow, sha256());
        return !entries.isEmpty() && entries.stream().allMatch(RegistryProbe.Journal::closed) && !inBox(sftp) && moved(sftp);
    }

    FaultCounts outcome(RegistryProbe registry, Path sftp) throws Exception {
        List<RegistryProbe.Journal> entries = registry.journal(flow, sha256());
        if (entries.isEmpty()) {
            return new FaultCounts(1, 0, inBox(sftp) ? 1 : 0, 0, 0, label + " " + name + ": never journalled");
        }
        RegistryProbe.Journal journal = entries.get(0);
        List<String> notes = new ArrayList<>();
        long stuck = entries.stream().filter(e -> !e.closed()).count();
        if (stuck > 0) {
            notes.add("journal " + journal.status() + " at checkpoint " + journal.checkpoint());
        }
        long gone = 0;
        if (inBox(sftp)) {
            stuck++;
            notes.add("file still in " + box());
        } else if (!moved(sftp)) {
            // the partner's file itself: neither in the drop box nor where processed files are kept
            gone++;
            notes.add("file deleted, not kept in done");
        }
        long twice = entries.size() - 1 + registry.rejectsTwice(journal.id()) + eventsTwice(registry);
        String mismatch = journal.closed() ? journalMismatch(registry, journal) : null;
        if (mismatch != null) {
            twice++;
            notes.add("journal " + mismatch);
        }
        long lost = missing(registry, journal) + gone;
        notes.add(0, label + ": " + describe(registry, journal));
        return new FaultCounts(lost, twice, stuck, 0, 0, String.join(", ", notes));
    }

    static int nextFile() {
        return FILES.incrementAndGet();
    }

    static String luhnSiret(String first13) {
        for (int last = 0; last <= 9; last++) {
            String candidate = first13 + last;
            int total = 0;
            for (int i = 0; i < candidate.length(); i++) {
                int digit = candidate.charAt(candidate.length() - 1 - i) - '0';
                if (i % 2 == 1) {
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

    /**
     * Whether {@code folder} holds a processed copy of the file {@code name}: under its name ({@code done/}), after a
     * time stamp ({@code .done/<stamp>-<name>}), with {@code .again-…} after it when found already processed.
     */
    static boolean movedInto(Path folder, String name) throws IOException {
        if (!Files.isDirectory(folder)) {
            return false;
        }
        try (Stream<Path> files = Files.list(folder)) {
            return files.map(f -> f.getFileName().toString())
                    .anyMatch(f -> f.matches("([0-9]{14}-)?" + java.util.regex.Pattern.quote(name) + "(\\.again-[0-9a-f]{8})?"));
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A fluxIAE delivery (PARTNERS §2) as one ZIP of both views: the demo ACI (kept, so its convention stays active for
     * the hires of the other scenarios), {@code structures} fresh ACI structures with one current annex each, and
     * {@code invalid} structures whose SIRET fails its check digit (rejected, so the delivery has a reject report).
     */
    static final class Conventions extends FileCase {

        final Map<Long, String> siretByAspId = new LinkedHashMap<>();
        final Map<Long, String> annexByAspId = new LinkedHashMap<>();
        final int invalid;

        Conventions(int structures, int invalid) {
            this(nextFile(), structures, invalid);
        }

        private Conventions(int file, int structures, int invalid) {
            super("conventions", "conventions", "fluxIAE_" + STAMP.format(LocalDateTime.now().plusSeconds(file)) + ".zip");
            this.invalid = invalid;
            String stamp = name.substring("fluxIAE_".length(), name.length() - ".zip".length());
            LocalDate today = FaultFixtures.today();
            FluxIaeDelivery delivery = new FluxIaeDelivery(stamp)
                    .structure(4105, FaultFixtures.DEMO_SIRET, FaultFixtures.DEMO_SIRET, "ATELIER DE LA PASSERELLE")
                    .annex(4105, "ACI_DC", "ACI035230105", 0, "VALIDE", today.withDayOfYear(1), today.withMonth(12).withDayOfMonth(31));
            for (int i = 0; i < structures; i++) {
                int n = file * 1000 + i;
                long aspId = 940_000L + n;
                String siret = luhnSiret(String.format("94%07d0001", n));
                String prefix = String.format("ACI035%06d", n);
                siretByAspId.put(aspId, siret);
                annexByAspId.put(aspId, prefix + "A0M0");
                delivery.structure(aspId, siret, siret, "STRUCTURE FAULT " + n)
                        .annex(aspId, "ACI_DC", prefix, 0, "VALIDE", today.minusMonths(6), today.plusMonths(6));
            }
            for (int i = 0; i < invalid; i++) {
                int n = file * 1000 + 900 + i;
                String wrong = luhnSiret(String.format("94%07d0001", n));
                wrong = wrong.substring(0, 13) + (char) ('0' + (wrong.charAt(13) - '0' + 1) % 10);
                delivery.structure(940_000L + n, wrong, wrong, "STRUCTURE INVALIDE " + n);
            }
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.putNextEntry(new ZipEntry(delivery.structureName()));
                out.write(delivery.structureFile().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
                out.putNextEntry(new ZipEntry(delivery.annexName()));
                out.write(delivery.annexFile().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content = zip.toByteArray();
        }

        @Override
        String box() {
            return "conventions";
        }

        private long[] aspIds() {
            return siretByAspId.keySet().stream().mapToLong(Long::longValue).toArray();
        }

        @Override
        long missing(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            // each fresh structure: an active convention, its employer at the delivered SIRET, its annex
            long structures = registry.count("""
                    SELECT count(*) FROM unnest(?::bigint[], ?::text[], ?::text[]) AS d(asp_id, siret, annex)
                    WHERE NOT EXISTS (SELECT 1 FROM convention c JOIN employer e ON e.convention_id = c.id
                                      JOIN financial_annex a ON a.convention_id = c.id
                                      WHERE c.asp_id = d.asp_id AND c.kind = 'ACI' AND c.active AND e.siret = d.siret
                                        AND a.number = d.annex)""",
                    aspIds(), List.copyOf(siretByAspId.values()), List.copyOf(annexByAspId.values()));
            long rejected = registry.rejectedLines(journal.id());
            return structures + Math.max(0, invalid - rejected);
        }

        @Override
        long eventsTwice(RegistryProbe registry) throws Exception {
            return registry.eventsTwice(siretByAspId.values());
        }

        @Override
        String journalMismatch(RegistryProbe registry, RegistryProbe.Journal journal) {
            int fresh = siretByAspId.size();
            // the demo row may change (its details) or not
            boolean expected = journal.received() == 2 * fresh + 2 + invalid && journal.rejected() == invalid
                    && journal.applied() >= 2 * fresh && journal.applied() <= 2 * fresh + 2
                    && journal.applied() + journal.unchanged() + journal.rejected() == journal.received();
            return expected ? null : journal.counts() + " (expected received " + (2 * fresh + 2 + invalid) + ", applied "
                    + 2 * fresh + "…" + (2 * fresh + 2) + ", rejected " + invalid + ")";
        }

        @Override
        boolean moved(Path sftp) throws IOException {
            return movedInto(sftp.resolve("conventions/done"), name);
        }

        /** The reject report written beside the delivered file (ARCHITECTURE step 5). */
        boolean reported(Path sftp) {
            return Files.exists(sftp.resolve("conventions").resolve(name + ".rejects.csv"));
        }

        @Override
        FaultCounts outcome(RegistryProbe registry, Path sftp) throws Exception {
            FaultCounts counts = super.outcome(registry, sftp);
            if (invalid > 0 && !reported(sftp)) {
                // the rejects are in the registry, but the partner never gets them in its channel
                return counts.plus(new FaultCounts(invalid, 0, 0, 0, 0, "no reject report beside the delivery"));
            }
            return counts;
        }

        @Override
        String describe(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            return siretByAspId.size() + " structures + " + invalid + " invalid, " + journal.counts() + ", events "
                    + registry.eventsByType(siretByAspId.values());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A legacy agréments file (PARTNERS §3.1), CSV or XLSX: {@code rows} agréments of fresh roots for people the
     * registry does not know (stored unlinked, LEG-06).
     */
    static final class Agrements extends FileCase {

        static final String HEADER = "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;NUM_AGR_DEC;"
                + "DATE_DEB;DATE_FIN;DATE_NAISS_BENE";

        final List<String> roots = new ArrayList<>();

        Agrements(int rows, boolean xlsx) {
            this(nextFile(), rows, xlsx);
        }

        private Agrements(int file, int rows, boolean xlsx) {
            super("ft-agrements " + (xlsx ? "XLSX" : "CSV"), "ft-agrements",
                    "agrements_ft_fault" + file + (xlsx ? ".xlsx" : ".csv"));
            List<String[]> lines = new ArrayList<>();
            lines.add(HEADER.split(";"));
            for (int i = 0; i < rows; i++) {
                String root = String.format("%05d19%05d", 20_000 + file, i);
                roots.add(root);
                lines.add(new String[] {"35021", String.format("%07dZ", file * 1000 + i), "MARTIN", "LUCIE", "LEROY", root,
                        "2019-07-01", "2021-06-30", "14/03/88"});
            }
            content = xlsx ? xlsx(lines) : lines.stream().map(l -> String.join(";", l) + "\n").reduce("", String::concat)
                    .getBytes(StandardCharsets.UTF_8);
        }

        private static byte[] xlsx(List<String[]> lines) {
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            try (XSSFWorkbook book = new XSSFWorkbook()) {
                Sheet sheet = book.createSheet("agrements");
                for (int r = 0; r < lines.size(); r++) {
                    Row row = sheet.createRow(r);
                    for (int c = 0; c < lines.get(r).length; c++) {
                        row.createCell(c).setCellValue(lines.get(r)[c]);
                    }
                }
                book.write(bytes);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            return bytes.toByteArray();
        }

        @Override
        String box() {
            return "francetravail/agrements";
        }

        @Override
        long missing(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            // stored and decided (linked, unlinked or rejected), not left NEW half-way
            return registry.count("""
                    SELECT count(*) FROM unnest(?::text[]) AS r(root)
                    WHERE NOT EXISTS (SELECT 1 FROM ft_agrement a WHERE a.root = r.root AND a.status <> 'NEW'
                                        AND a.seen_exchange_id = ?)""", roots, journal.id());
        }

        @Override
        long eventsTwice(RegistryProbe registry) throws Exception {
            return registry.eventsTwice(roots);
        }

        @Override
        String journalMismatch(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            int rows = roots.size();
            long run = registry.count("""
                    SELECT count(*) FROM ft_agrement_run WHERE exchange_id = ? AND rows_read = ? AND roots = ? AND unlinked = ?
                      AND linked = 0 AND unchanged = 0 AND merged = 0 AND skipped = 0 AND rejected = 0""",
                    journal.id(), (long) rows, (long) rows, (long) rows);
            boolean expected = journal.received() == rows && journal.applied() == rows && journal.unchanged() == 0
                    && journal.rejected() == 0 && run == 1;
            return expected ? null : journal.counts() + (run == 1 ? "" : ", ft_agrement_run not " + rows + " rows, roots and unlinked")
                    + " (expected received " + rows + ", applied " + rows + ": all stored unlinked)";
        }

        @Override
        boolean moved(Path sftp) throws IOException {
            return movedInto(sftp.resolve(box()).resolve(".done"), name);
        }

        @Override
        String describe(RegistryProbe registry, RegistryProbe.Journal journal) {
            return roots.size() + " rows, " + journal.counts();
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * A SIRENE {@code StockEtablissement} file (PARTNERS §4), zipped: {@code known} establishments of employers
     * registered for it (a third closed, hence closing their employer with an event), and {@code unknown} rows the
     * registry has no employer for (read, not kept).
     */
    static final class Sirene extends FileCase {

        final List<String> open = new ArrayList<>();
        final List<String> closed = new ArrayList<>();
        final int unknown;

        Sirene(int known, int unknown) {
            this(nextFile(), known, unknown);
        }

        private Sirene(int file, int known, int unknown) {
            super("sirene-stock", "sirene-stock", "StockEtablissement_utf8_fault" + file + ".zip");
            this.unknown = unknown;
            StringBuilder csv = new StringBuilder(SireneFixtures.HEADER).append('\n');
            int u = 0;
            for (int i = 0; i < known; i++) {
                String siret = luhnSiret(String.format("93%07d0001", file * 1000 + i));
                boolean isClosed = i % 3 == 0;
                (isClosed ? closed : open).add(siret);
                csv.append(row(siret, isClosed ? "F" : "A", "ETABLISSEMENT FAULT " + i)).append('\n');
                // unknown rows between the known ones: the chunks count kept rows only
                if (u < unknown && i % 2 == 0) {
                    csv.append(row(luhnSiret(String.format("92%07d0001", file * 1000 + u++)), "A", "INCONNU")).append('\n');
                }
            }
            while (u < unknown) {
                csv.append(row(luhnSiret(String.format("92%07d0001", file * 1000 + u++)), "A", "INCONNU")).append('\n');
            }
            ByteArrayOutputStream zip = new ByteArrayOutputStream();
            try (ZipOutputStream out = new ZipOutputStream(zip)) {
                out.putNextEntry(new ZipEntry("StockEtablissement_utf8.csv"));
                out.write(csv.toString().getBytes(StandardCharsets.UTF_8));
                out.closeEntry();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            content = zip.toByteArray();
        }

        List<String> known() {
            List<String> all = new ArrayList<>(open);
            all.addAll(closed);
            return all;
        }

        /** The employers of the known rows, registered before the file is dropped. */
        Sirene register(RegistryProbe registry) throws Exception {
            registry.registerEmployers(known());
            return this;
        }

        private static String row(String siret, String state, String name) {
            return SireneFixtures.row(siret, state, state.equals("F") ? "2026-06-30" : "2015-01-01", name);
        }

        @Override
        String box() {
            return "sirene";
        }

        @Override
        long missing(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            long establishments = registry.count("""
                    SELECT count(*) FROM unnest(?::text[]) AS k(siret)
                    WHERE NOT EXISTS (SELECT 1 FROM sirene_establishment s WHERE s.siret = k.siret AND s.source = 'STOCK')""",
                    known());
            long notClosed = registry.count("SELECT count(*) FROM employer WHERE siret = ANY(?) AND status <> 'CLOSED'", closed);
            return establishments + notClosed;
        }

        @Override
        long eventsTwice(RegistryProbe registry) throws Exception {
            return registry.eventsTwice(known());
        }

        @Override
        String journalMismatch(RegistryProbe registry, RegistryProbe.Journal journal) {
            int known = open.size() + closed.size();
            boolean expected = journal.received() == known + unknown && journal.applied() == known
                    && journal.unchanged() == unknown && journal.rejected() == 0;
            return expected ? null : journal.counts() + " (expected received " + (known + unknown) + ", applied " + known
                    + ", unchanged " + unknown + ")";
        }

        @Override
        boolean moved(Path sftp) throws IOException {
            return movedInto(sftp.resolve("sirene/done"), name);
        }

        @Override
        String describe(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            return (open.size() + closed.size()) + " known (" + closed.size() + " closed) + " + unknown + " unknown rows, "
                    + journal.counts() + ", events " + registry.eventsByType(known());
        }
    }

    // ---------------------------------------------------------------------------------------------------------------

    /**
     * ASP's return file (PARTNERS §1.7) of an upload the hub made: written by the ASP simulator into
     * {@code asp/retrait}, so not dropped by the test. Its lines answer the fiches salarié of {@code nirs}' hires.
     */
    static final class AspReturn extends FileCase {

        final List<String> nirs;
        final List<RegistryProbe.Fiche> fiches;
        /** Lines of the upload it answers: the scenario's fiches, and any other READY fiche the upload took along. */
        final long lines;

        AspReturn(String name, byte[] content, List<String> nirs, List<RegistryProbe.Fiche> fiches, long lines) {
            super("asp-returns", "asp-returns", name);
            this.content = content;
            this.nirs = nirs;
            this.fiches = fiches;
            this.lines = lines;
        }

        @Override
        void drop(Path sftp) {
            throw new UnsupportedOperationException("ASP's simulator writes the return file");
        }

        @Override
        String box() {
            return "asp/retrait";
        }

        private List<String> passNumbers() {
            return fiches.stream().map(RegistryProbe.Fiche::passNumber).toList();
        }

        @Override
        long missing(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            return registry.fichesOf(nirs).stream().filter(f -> !f.status().equals("PROCESSED") && !f.status().equals("REJECTED")).count();
        }

        @Override
        long eventsTwice(RegistryProbe registry) throws Exception {
            String upload = name.replace("_FichierRetour", "");
            // and each fiche's transition journalled once for this upload
            long history = registry.count("""
                    SELECT coalesce(sum(n - 1), 0) FROM (SELECT count(*) AS n FROM fiche_salarie_history
                        WHERE fiche_id = ANY(?::uuid[]) AND asp_file = ? AND transition IN ('process', 'reject') GROUP BY fiche_id) h
                    WHERE n > 1""", fiches.stream().map(f -> f.id().toString()).toList(), upload);
            return registry.eventsTwice(passNumbers()) + history;
        }

        @Override
        String journalMismatch(RegistryProbe registry, RegistryProbe.Journal journal) {
            boolean expected = journal.received() == lines && journal.applied() == lines && journal.rejected() == 0;
            return expected ? null : journal.counts() + " (expected received " + lines + ", applied " + lines + ")";
        }

        @Override
        boolean moved(Path sftp) {
            return true;   // deleted from ASP's retrait/ once applied: inBox says whether it still is there
        }

        @Override
        String describe(RegistryProbe registry, RegistryProbe.Journal journal) throws Exception {
            Map<String, Long> statuses = new LinkedHashMap<>();
            registry.fichesOf(nirs).forEach(f -> statuses.merge(f.status(), 1L, Long::sum));
            return fiches.size() + " fiches " + statuses + " in an upload of " + lines + " lines, " + journal.counts() + ", events " + registry.eventsByType(passNumbers());
        }
    }
}
