package fr.passerelle.iae.mappings.asp;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;

import fr.passerelle.iae.mappings.RejectedException;

/**
 * An ASP return file (PARTNERS §1.7) read for what the hub needs: each line's number, movement, code and label, and
 * the whole returned line kept as proof. A file that cannot be read whole is refused, so nothing of it is applied.
 */
public final class AspReturnFile {

    public static final Pattern NAME = Pattern.compile("^(RIAE_FS_[0-9]{14})_FichierRetour\\.json$");
    private static final ObjectMapper JSON = new ObjectMapper();

    public record ReturnedLine(int numLigne, String typeMouvement, String code, String label, String json) {
    }

    private AspReturnFile() {
    }

    /** {@code RIAE_FS_20250305095500_FichierRetour.json} → {@code RIAE_FS_20250305095500.json}; null for another name. */
    public static String uploadName(String returnName) {
        Matcher m = NAME.matcher(returnName == null ? "" : returnName);
        return m.matches() ? m.group(1) + ".json" : null;
    }

    public static List<ReturnedLine> read(byte[] content) {
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
        int index = 0;
        for (JsonNode line : root.get("lignesTelechargement")) {
            index++;
            if (!line.path("numLigne").canConvertToInt() || !line.path("numLigne").isIntegralNumber()) {
                throw refused("ASP_RETURN_LINE", "La ligne " + index + " du fichier retour n'a pas de numLigne entier.");
            }
            String code = line.path("codeTraitement").isTextual() ? line.get("codeTraitement").asText() : null;
            if (code == null || !code.matches("^[0-9A-Za-z]{4}$")) {
                throw refused("ASP_RETURN_LINE", "La ligne " + line.get("numLigne").asInt() + " du fichier retour n'a pas de codeTraitement.");
            }
            String label = line.path("libelleTraitement").isTextual() ? line.get("libelleTraitement").asText() : null;
            lines.add(new ReturnedLine(line.get("numLigne").asInt(), line.path("typeMouvement").asText(null), code, label,
                    line.toString()));
        }
        if (lines.isEmpty()) {
            throw refused("ASP_RETURN_STRUCTURE", "Le fichier retour ne contient aucune ligne.");
        }
        return lines;
    }

    private static RejectedException refused(String code, String message) {
        return new RejectedException("PARTNERS-1.7", code, null, message);
    }
}
