package fr.passerelle.iae.mappings;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.io.Reader;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CodingErrorAction;
import java.util.Optional;

/**
 * What every partner text file must be before anything of it is applied, checked in one streamed pass: text in its
 * contract's encoding ({@code FILE-02}), and no line longer than {@value #MAX_LINE} characters ({@code FILE-01}). A
 * line without end (a broken export, a hostile file) is refused whole instead of growing a read buffer until the heap
 * is gone, and a file that is not text is refused instead of failing half-way through; either way nothing is applied.
 */
public final class TextLines {

    /** The longest real line (an ASP fluxIAE annex, 128 columns) is a few thousand characters. */
    public static final int MAX_LINE = 1 << 20;

    private TextLines() {
    }

    /** The refusal of a stream that is not text in {@code charset} or holds a line longer than {@code max}; empty if none. */
    public static Optional<Rejection> check(InputStream in, Charset charset, int max) throws IOException {
        Reader reader = new InputStreamReader(in, charset.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                .onUnmappableCharacter(CodingErrorAction.REPORT));
        char[] buffer = new char[1 << 14];
        long line = 1;
        long length = 0;
        boolean afterCr = false;
        int n;
        try {
            while ((n = reader.read(buffer)) >= 0) {
                for (int i = 0; i < n; i++) {
                    char c = buffer[i];
                    if (c == '\n' && afterCr) {
                        afterCr = false;
                    } else if (c == '\n' || c == '\r') {
                        line++;
                        length = 0;
                        afterCr = c == '\r';
                    } else {
                        afterCr = false;
                        if (c == 0) {
                            return Optional.of(encoding(charset));
                        }
                        if (++length > max) {
                            return Optional.of(new Rejection("FILE-01", "LINE_TOO_LONG", null, "La ligne " + line + " dépasse "
                                    + max + " caractères sans fin de ligne : fichier refusé, rien n'est appliqué."));
                        }
                    }
                }
            }
        } catch (CharacterCodingException e) {
            return Optional.of(encoding(charset));
        }
        return Optional.empty();
    }

    private static Rejection encoding(Charset charset) {
        return new Rejection("FILE-02", "FILE_ENCODING", null, "Le fichier n'est pas du texte en " + charset.name()
                + " (octets invalides ou nuls) : fichier refusé, rien n'est appliqué.");
    }
}
