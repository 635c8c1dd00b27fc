package fr.passerelle.iae.mappings.fluxiae;

import java.util.Map;

/**
 * One data line of a fluxIAE view, its values looked up by header name. Values are trimmed with inner runs of
 * spaces collapsed, and empty means null (PARTNERS §2.2).
 *
 * @param line 1-based line number in the file (the {@code DEB} and header lines count)
 */
public record FluxIaeRow(FluxIaeView view, long line, Map<String, Integer> header, String[] values) {

    public String get(String column) {
        Integer index = header.get(column);
        return index == null || index >= values.length ? null : normalise(values[index]);
    }

    /** The field name a rejection cites: view and column, since one delivery carries two files. */
    public String field(String column) {
        return view.aspName() + "." + column;
    }

    static String normalise(String raw) {
        String value = raw.strip();
        if (value.isEmpty()) {
            return null;
        }
        return value.indexOf("  ") < 0 ? value : value.replaceAll(" {2,}", " ");
    }
}
