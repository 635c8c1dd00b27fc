package fr.passerelle.iae.mappings.fluxiae;

import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

import net.lingala.zip4j.io.inputstream.ZipInputStream;
import net.lingala.zip4j.model.LocalFileHeader;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.InflationCap;
import fr.passerelle.iae.mappings.RefusedInput;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.TextLines;

/**
 * One fluxIAE view file read from its bytes as delivered, told by their content, never by the name (PARTNERS §2.1):
 * plain text, gzip, or a ZIP of its own, encrypted with WinZip AES or not; its inflation bounded (FILE-04). Its UTF-8
 * lines are read one by one (PARTNERS §2.2), its rows taken one at a time by the caller, the whole-file rules
 * checked on the way: optional {@code DEB<View>} line, header holding every required column, {@code |} separator
 * without quoting (every line has the header's column count), and a last {@code FIN<n>} line whose count matches.
 * Since the {@code FIN} line is only known at the end, callers must not apply anything before {@link #next} has
 * returned null. A line or an inflated size past the readers' bounds refuses the view at the line where it was met.
 */
public final class FluxIaeFile implements AutoCloseable {

    private static final Pattern FIN = Pattern.compile("^FIN([0-9]+)\\|*$");
    private static final byte[] ZIP = {'P', 'K', 3, 4};
    private static final Pattern SEPARATOR = Pattern.compile("|", Pattern.LITERAL);

    private final BoundedLines in;
    private final FluxIaeView view;
    private Map<String, Integer> columns;
    private int width;
    private long number;
    private long data;
    private boolean ended;
    private boolean finLine;

    private FluxIaeFile(BoundedLines in, FluxIaeView view) {
        this.in = in;
        this.view = view;
    }

    /**
     * Opens the view and reads its head (DEB and header lines).
     *
     * @param raw      the view's bytes; closed with the file, or here when the view is refused
     * @param stored   what the view takes in the delivery (the file, or the entry compressed), the measure of how far it
     *                 may inflate
     * @param password ASP's secret for the views' encrypted archives, null when none is configured
     */
    public static FluxIaeFile open(InputStream raw, long stored, String name, FluxIaeView view, char[] password)
            throws IOException, FluxIaeRefusal {
        BoundedLines lines;
        try {
            lines = new BoundedLines(new InputStreamReader(InflationCap.of(content(raw, name, password), stored, name),
                    StandardCharsets.UTF_8), TextLines.MAX_LINE);
        } catch (RefusedInput refused) {
            raw.close();
            throw new FluxIaeRefusal(refused.rejection(), 0);
        } catch (ZipException | EOFException corrupt) {
            raw.close();
            throw corrupt(view, 0, corrupt);
        } catch (IOException | RuntimeException e) {
            raw.close();
            throw e;
        }
        FluxIaeFile file = new FluxIaeFile(lines, view);
        try {
            file.refusedAsTheView(file::head);
            return file;
        } catch (IOException | FluxIaeRefusal | RuntimeException e) {
            file.close();
            throw e;
        }
    }

    /** The next data row, null once the view has ended as the rules want it. */
    public FluxIaeRow next() throws IOException, FluxIaeRefusal {
        return ended ? null : refusedAsTheView(this::row);
    }

    /** Whether the view, read to its end, closed with a {@code FIN} line (some deliveries have none). */
    public boolean finLine() {
        return finLine;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    private interface Step<T> {
        T run() throws IOException, FluxIaeRefusal;
    }

    private <T> T refusedAsTheView(Step<T> step) throws IOException, FluxIaeRefusal {
        try {
            return step.run();
        } catch (RefusedInput refused) {
            Rejection why = refused.rejection();
            throw new FluxIaeRefusal(why.field() == null ? new Rejection(why.rule(), why.code(), view.aspName(), why.message()) : why,
                    in.linesRead() + 1);
        } catch (ZipException | EOFException corrupt) {
            throw corrupt(view, in.linesRead() + 1, corrupt);
        }
    }

    /** The compressed bytes the partner sent end early or are broken: a refusal of the file, not a fault of the hub. */
    private static FluxIaeRefusal corrupt(FluxIaeView view, long line, IOException corrupt) {
        return new FluxIaeRefusal("FILE-05", "COMPRESSED_DATA_CORRUPT", view.aspName(), line,
                "Les données compressées sont tronquées ou corrompues (" + corrupt.getClass().getSimpleName()
                        + ") : fichier refusé, rien n'est appliqué.");
    }

    private Void head() throws IOException, FluxIaeRefusal {
        String line = in.readLine();
        number = 1;
        if (line != null && line.startsWith("\uFEFF")) {
            line = line.substring(1);
        }
        if (line != null && line.startsWith("DEB")) {
            // some exports omit the DEB line (PARTNERS §2.2); when present it must name this view
            if (!line.startsWith("DEB" + view.aspName())) {
                throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_WRONG_VIEW", view.aspName(), number,
                        "La ligne DEB n'annonce pas la vue " + view.aspName() + ".");
            }
            line = in.readLine();
            number++;
        }
        if (line == null) {
            throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_TRUNCATED", view.aspName(), number,
                    "Le fichier n'a pas de ligne d'en-tête.");
        }
        String[] names = split(line);
        Map<String, Integer> header = new HashMap<>();
        for (int i = 0; i < names.length; i++) {
            header.putIfAbsent(names[i].strip(), i);
        }
        for (String required : view.requiredColumns()) {
            if (!header.containsKey(required)) {
                throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_MISSING_COLUMN", view.aspName() + "." + required, number,
                        "Colonne obligatoire absente de l'en-tête (séparateur attendu : |).");
            }
        }
        columns = Map.copyOf(header);
        width = names.length;
        return null;
    }

    private FluxIaeRow row() throws IOException, FluxIaeRefusal {
        String line = in.readLine();
        if (line == null) {
            // some deliveries have no FIN line: the archive's CRC proves each view whole (PARTNERS §2.2)
            ended = true;
            return null;
        }
        number++;
        if (line.startsWith("FIN")) {
            end(line);
            return null;
        }
        String[] values = split(line);
        if (values.length != width) {
            throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_COLUMN_COUNT", view.aspName(), number,
                    "La ligne compte " + values.length + " colonnes au lieu de " + width + " (séparateur |, sans guillemets).");
        }
        data++;
        return new FluxIaeRow(view, number, columns, values);
    }

    private void end(String line) throws IOException, FluxIaeRefusal {
        Matcher fin = FIN.matcher(line);
        if (!fin.matches() || Long.parseLong(fin.group(1)) != data) {
            throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_TRUNCATED", view.aspName(), number,
                    "La ligne FIN annonce " + line.replace("|", "") + " mais le fichier compte " + data + " lignes de données.");
        }
        String after;
        while ((after = in.readLine()) != null) {
            number++;
            if (!after.isBlank()) {
                throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_TRUNCATED", view.aspName(), number,
                        "Des lignes suivent la ligne FIN.");
            }
        }
        ended = true;
        finLine = true;
    }

    /** Splits on {@code |} keeping trailing empty values; {@code "} is an ordinary character (no quoting). */
    private static String[] split(String line) {
        return SEPARATOR.split(line, -1);
    }

    /** The view's text bytes: gunzipped, or unzipped and decrypted, as its first bytes say. */
    private static InputStream content(InputStream raw, String name, char[] password) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            return new GZIPInputStream(in, 1 << 16);
        }
        return Arrays.equals(head, ZIP) ? innerZip(in, name, password) : in;
    }

    /** The first file of a view's own ZIP, decrypted by zip4j when it is encrypted. */
    private static InputStream innerZip(InputStream in, String name, char[] password) throws IOException {
        Below below = new Below(in);
        ZipInputStream zip = new ZipInputStream(below, password);
        try {
            LocalFileHeader entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    return new Zip4jFailuresAsCorruption(zip, below);
                }
            }
        } catch (net.lingala.zip4j.exception.ZipException e) {
            boolean locked = e.getType() == net.lingala.zip4j.exception.ZipException.Type.WRONG_PASSWORD
                    || String.valueOf(e.getMessage()).toLowerCase(Locale.ROOT).contains("password");
            throw new RefusedInput(new Rejection("PARTNERS-2.1", locked ? "FLUXIAE_PASSWORD" : "FLUXIAE_ARCHIVE", name,
                    locked ? "L'archive de la vue est chiffrée et le mot de passe ASP configuré ne l'ouvre pas "
                            + "(passerelle.asp.fluxiae-password) : livraison refusée, rien n'est appliqué."
                            : "L'archive de la vue ne peut pas être ouverte : livraison refusée, rien n'est appliqué."));
        }
        throw new RefusedInput(new Rejection("PARTNERS-2.1", "FLUXIAE_ARCHIVE", name,
                "L'archive de la vue ne contient aucun fichier : livraison refusée, rien n'est appliqué."));
    }

    /** The bytes under zip4j, remembering the last failure of their own (a disk error stays the hub's fault). */
    private static final class Below extends FilterInputStream {

        private IOException failure;

        Below(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    /**
     * zip4j reports a bad CRC with its own exception, and a bad AES authentication code with a plain
     * {@link IOException}: either is what the view reader refuses as corrupt data (FILE-05), like a broken gzip, as a
     * {@link ZipException}. A failure of the bytes below zip4j passes as it is.
     */
    private static final class Zip4jFailuresAsCorruption extends FilterInputStream {

        private final Below below;

        Zip4jFailuresAsCorruption(InputStream in, Below below) {
            super(in);
            this.below = below;
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (IOException e) {
                throw corrupt(e);
            }
        }

        private IOException corrupt(IOException e) {
            if (below.failure != null || e instanceof ZipException) {
                return e;
            }
            ZipException corrupt = new ZipException(e.getMessage());
            corrupt.initCause(e);
            return corrupt;
        }
    }
}
