package fr.passerelle.iae.mappings.asp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.mappings.RejectedException;
import fr.passerelle.iae.mappings.Rejection;

/**
 * An ASP return file (PARTNERS §1.7) read for what the hub needs: each line's number, movement, code and label, and
 * the whole returned line kept as proof. A file that cannot be read at all (not JSON, not this structure) is refused;
 * a line without an integral {@code numLigne} or a well-formed {@code codeTraitement} is set aside with its reason,
 * and the others are read.
 */
public final class AspReturnFile {

    public static final Pattern NAME = Pattern.compile("^(RIAE_FS_[0-9]{14})_FichierRetour\\.json$");
    private static final ObjectMapper JSON = new ObjectMapper();

    public record ReturnedLine(int numLigne, String typeMouvement, String code, String label, String json) {
    }

    /** A line that cannot be applied: its position in the array (from 1), its number when it has one, and why. */
    public record SkippedLine(int position, Integer numLigne, Rejection why) {
    }

    /** What the file holds: the lines to apply and those set aside. */
    public record Read(List<ReturnedLine> lines, List<SkippedLine> skipped) {

        public int size() {
            return lines.size() + skipped.size();
        }
    }

    private AspReturnFile() {
    }

    /** {@code RIAE_FS_20250305095500_FichierRetour.json} → {@code RIAE_FS_20250305095500.json}; null for another name. */
    public static String uploadName(String returnName) {
        Matcher m = NAME.matcher(returnName == null ? "" : returnName);
        return m.matches() ? m.group(1) + ".json" : null;
    }

    public static Read read(byte[] content) {
        JsonNode root;
        try {
            root = JSON.readTree(content);
        } catch (IOException e) {
            // a truncated file ends here too
            throw refused("ASP_RETURN_JSON", "Le fichier retour n'est pas un JSON complet et valide.");
        }
        if (root == null || !root.isObject() || !root.path("lignesTelechargement").isArray()) {
            throw refused("ASP_RETURN_STRUCTURE", "Le fichier retour n'a pas de tableau lignesTelechargement.");
        }
        List<ReturnedLine> lines = new ArrayList<>();
        List<SkippedLine> skipped = new ArrayList<>();
        int position = 0;
        for (JsonNode line : root.get("lignesTelechargement")) {
            position++;
            if (!line.path("numLigne").canConvertToInt() || !line.path("numLigne").isIntegralNumber()) {
                skipped.add(new SkippedLine(position, null, lineRefused(position, "ASP_RETURN_LINE", "L'élément " + position
                        + " du fichier retour n'a pas de numLigne entier : ignoré.")));
                continue;
            }
            int number = line.get("numLigne").asInt();
            String code = line.path("codeTraitement").isTextual() ? line.get("codeTraitement").asText() : null;
            if (code == null || !code.matches("^[0-9]{4}$")) {
                skipped.add(new SkippedLine(position, number, lineRefused(number, "ASP_RETURN_CODE", "La ligne " + number
                        + " du fichier retour n'a pas de codeTraitement de 4 chiffres : ignorée.")));
                continue;
            }
            String label = line.path("libelleTraitement").isTextual() ? line.get("libelleTraitement").asText() : null;
            lines.add(new ReturnedLine(number, line.path("typeMouvement").asText(null), code, label, line.toString()));
        }
        if (position == 0) {
            throw refused("ASP_RETURN_STRUCTURE", "Le fichier retour ne contient aucune ligne.");
        }
        return new Read(lines, skipped);
    }

    /** A line set aside, named by the field path the journal's reject report shows. */
    public static Rejection lineRefused(int line, String code, String message) {
        return new Rejection("PARTNERS-1.7", code, "lignesTelechargement[" + line + "]", message);
    }

    private static RejectedException refused(String code, String message) {
        return new RejectedException("PARTNERS-1.7", code, null, message);
    }
}
