package fr.passerelle.iae.mappings.identity;

/** ID-10: how personal values appear in rejections, logs and metrics. Null stays null (nothing to hide). */
public final class Masking {

    private Masking() {
    }

    /** First character and always 14 stars, so that a malformed input does not reveal its length either. */
    public static String nir(String nir) {
        if (nir == null || nir.isEmpty()) {
            return nir;
        }
        return nir.substring(0, Character.charCount(nir.codePointAt(0))) + "*".repeat(14);
    }

    public static String birthDate(Object birthDate) {
        return birthDate == null ? null : "****-**-**";
    }

    public static String name(String name) {
        if (name == null) {
            return null;
        }
        String stripped = name.strip();
        if (stripped.isEmpty()) {
            return "***";
        }
        return stripped.substring(0, Character.charCount(stripped.codePointAt(0))) + "***";
    }
}
