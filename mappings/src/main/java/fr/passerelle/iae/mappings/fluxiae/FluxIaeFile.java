package fr.passerelle.iae.mappings.fluxiae;

import java.io.EOFException;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.ZipException;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.RefusedInput;
import fr.passerelle.iae.mappings.Rejection;

/**
 * Streams one fluxIAE view line by line (PARTNERS §2.2) and hands each data line to a consumer, checking the
 * whole-file rules on the way: optional {@code DEB<View>} line, header holding every required column, {@code |}
 * separator without quoting (every line has the header's column count), and a last {@code FIN<n>} line whose count
 * matches. Since the {@code FIN} line is only known at the end, callers must not apply anything before this returns.
 */
public final class FluxIaeFile {

    private static final Pattern FIN = Pattern.compile("^FIN([0-9]+)\\|*$");
    private static final Pattern SEPARATOR = Pattern.compile("|", Pattern.LITERAL);

    /** What a view held: its data lines, and whether it ended with a {@code FIN} line (some deliveries have none). */
    public record Read(long dataLines, boolean finLine) {
    }

    public interface RowConsumer {
        void accept(FluxIaeRow row) throws IOException;
    }

    private FluxIaeFile() {
    }

    /**
     * Reads the whole view. A line or an inflated size past the readers' bounds refuses the view at the line where it
     * was met.
     */
    public static Read read(BoundedLines in, FluxIaeView view, RowConsumer rows) throws IOException, FluxIaeRefusal {
        try {
            return readAll(in, view, rows);
        } catch (RefusedInput refused) {
            Rejection why = refused.rejection();
            throw new FluxIaeRefusal(why.field() == null ? new Rejection(why.rule(), why.code(), view.aspName(), why.message()) : why,
                    in.linesRead() + 1);
        } catch (ZipException | EOFException corrupt) {
            // the compressed bytes the partner sent end early or are broken: a refusal of the file, not a fault of the hub
            throw new FluxIaeRefusal("FILE-05", "COMPRESSED_DATA_CORRUPT", view.aspName(), in.linesRead() + 1,
                    "Les données compressées sont tronquées ou corrompues (" + corrupt.getClass().getSimpleName()
                            + ") : fichier refusé, rien n'est appliqué.");
        }
    }

    private static Read readAll(BoundedLines in, FluxIaeView view, RowConsumer rows) throws IOException, FluxIaeRefusal {
        String line = in.readLine();
        long number = 1;
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
        Map<String, Integer> columns = Map.copyOf(header);
        long data = 0;
        while ((line = in.readLine()) != null) {
            number++;
            if (line.startsWith("FIN")) {
                return end(in, view, line, number, data);
            }
            String[] values = split(line);
            if (values.length != names.length) {
                throw new FluxIaeRefusal(FluxIaeRefusal.RULE, "FLUXIAE_COLUMN_COUNT", view.aspName(), number,
                        "La ligne compte " + values.length + " colonnes au lieu de " + names.length
                                + " (séparateur |, sans guillemets).");
            }
            data++;
            rows.accept(new FluxIaeRow(view, number, columns, values));
        }
        // some deliveries have no FIN line: the archive's CRC proves each view whole (PARTNERS §2.2)
        return new Read(data, false);
    }

    private static Read end(BoundedLines in, FluxIaeView view, String line, long number, long data)
            throws IOException, FluxIaeRefusal {
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
        return new Read(data, true);
    }

    /** Splits on {@code |} keeping trailing empty values; {@code "} is an ordinary character (no quoting). */
    private static String[] split(String line) {
        return SEPARATOR.split(line, -1);
    }
}
