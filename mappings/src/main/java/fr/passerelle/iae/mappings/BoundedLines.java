package fr.passerelle.iae.mappings;

import java.io.Closeable;
import java.io.IOException;
import java.io.Reader;

/**
 * Lines of a partner text file, none longer than a maximum ({@code FILE-01}): {@link java.io.BufferedReader#readLine}
 * grows its buffer as long as no line end comes, so a file with none takes the heap. Ends of line are {@code \n},
 * {@code \r\n} or {@code \r}, as for {@code BufferedReader}.
 */
public final class BoundedLines implements Closeable {

    private final Reader in;
    private final int max;
    private final char[] buffer = new char[1 << 16];
    private final StringBuilder line = new StringBuilder(256);
    private int pos;
    private int limit;
    private boolean afterCr;
    private long number;

    public BoundedLines(Reader in, int max) {
        this.in = in;
        this.max = max;
    }

    /** The next line without its end, null at the end of the file. */
    public String readLine() throws IOException {
        line.setLength(0);
        while (true) {
            if (pos >= limit) {
                limit = in.read(buffer, 0, buffer.length);
                pos = 0;
                if (limit <= 0) {
                    limit = 0;
                    return line.isEmpty() ? null : end();
                }
            }
            if (afterCr) {
                afterCr = false;
                if (buffer[pos] == '\n') {
                    pos++;
                    continue;
                }
            }
            int start = pos;
            while (pos < limit && buffer[pos] != '\n' && buffer[pos] != '\r') {
                pos++;
            }
            if (line.length() + (pos - start) > max) {
                throw new RefusedInput(new Rejection("FILE-01", "LINE_TOO_LONG", null, "La ligne " + (number + 1)
                        + " dépasse " + max + " caractères sans fin de ligne : fichier refusé, rien n'est appliqué."));
            }
            line.append(buffer, start, pos - start);
            if (pos < limit) {
                afterCr = buffer[pos] == '\r';
                pos++;
                return end();
            }
        }
    }

    /** Lines returned so far. */
    public long linesRead() {
        return number;
    }

    private String end() {
        number++;
        return line.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
