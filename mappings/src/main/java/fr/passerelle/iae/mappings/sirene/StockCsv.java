package fr.passerelle.iae.mappings.sirene;

import java.io.BufferedInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;

import fr.passerelle.iae.mappings.InflationCap;
import fr.passerelle.iae.mappings.RecordOutcome;
import fr.passerelle.iae.mappings.RefusedInput;
import fr.passerelle.iae.mappings.Rejection;

/**
 * A streaming RFC 4180 reader of the SIRENE stock files (PARTNERS §4.1): comma separated, a header line, values
 * quoted when they hold a comma, a quote (doubled) or a line break, quotes accepted around any value, empty = null.
 *
 * <p>Built for 44 million rows: it works on UTF-8 bytes in one reusable buffer and only records where each field of
 * the current record starts and ends; a value becomes a {@code String} only when asked for. No regex, no allocation
 * per row or per field.
 */
public final class StockCsv implements Closeable {

    /** What {@link #next()} found. */
    public enum Read {
        RECORD, MALFORMED, END,
        /** Well formed, and its filter column said the rest of it is not needed: no field of it is available. */
        SKIPPED
    }

    /** Decides from a record's key column whether the record is parsed whole. */
    @FunctionalInterface
    public interface Filter {
        /** @param key the key column as a SIRET that passes EMP-01…03, or -1 when it does not */
        boolean parseWhole(long key);
    }

    /**
     * FILE-01: a record (a line, or lines inside a quoted value) never grows the buffer past this. A real SIRENE record
     * is under 2 KB; a quote never closed or an entry with no line end would otherwise take the heap.
     */
    public static final int MAX_RECORD = 16 << 20;

    private static final byte COMMA = ',';
    private static final byte QUOTE = '"';
    private static final byte LF = '\n';
    private static final byte CR = '\r';

    private final InputStream in;
    private byte[] buf = new byte[1 << 20];
    private int pos;
    private int limit;
    private boolean eof;
    private final Map<String, Integer> columns = new HashMap<>();
    private final String[] names;
    private final int width;
    private int[] starts;
    private int[] ends;
    private boolean[] quoted;
    private int fields;
    private long line;
    private long nextLine = 1;
    private String malformation;
    private int filterColumn = -1;
    private Filter filter;
    private SiretSet known = new SiretSet(16);
    private long rows;
    private boolean skipped;
    private static final java.lang.invoke.VarHandle LONGS =
            java.lang.invoke.MethodHandles.byteArrayViewVarHandle(long[].class, java.nio.ByteOrder.LITTLE_ENDIAN);
    private static final long ONES = 0x0101010101010101L;
    private static final long LOW7 = 0x7F7F7F7F7F7F7F7FL;

    /** Reads the header line; the stream is closed with this reader. */
    public StockCsv(InputStream in) throws IOException {
        this.in = in;
        this.starts = new int[64];
        this.ends = new int[64];
        this.quoted = new boolean[64];
        fill();
        if (limit - pos >= 3 && buf[pos] == (byte) 0xEF && buf[pos + 1] == (byte) 0xBB && buf[pos + 2] == (byte) 0xBF) {
            pos += 3;                                              // a UTF-8 byte order mark is not part of the first name
        }
        if (next() != Read.RECORD) {
            width = 0;
            names = new String[0];
            return;
        }
        names = new String[fields];
        for (int i = 0; i < fields; i++) {
            String name = text(i);
            names[i] = name == null ? "" : name.strip();
            columns.putIfAbsent(names[i], i);
        }
        width = fields;
    }

    /**
     * The CSV content of a delivered file of {@code size} bytes: the first {@code .csv} entry when it is a ZIP archive
     * (streamed, never unzipped to memory or disk, and no further than FILE-04 allows), the file itself otherwise.
     */
    public static InputStream content(InputStream raw, long size) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        int b0 = in.read();
        int b1 = in.read();
        in.reset();
        if (b0 != 'P' || b1 != 'K') {
            return in;
        }
        ZipInputStream zip = new ZipInputStream(in);
        ZipEntry entry;
        while ((entry = zip.getNextEntry()) != null) {
            if (!entry.isDirectory() && entry.getName().toLowerCase(java.util.Locale.ROOT).endsWith(".csv")) {
                return InflationCap.of(zip, size, entry.getName());
            }
        }
        zip.close();
        throw new IOException("no .csv entry in the archive");
    }

    /**
     * From now on, a record whose {@code column} (a SIRET) the filter rejects is only checked for its number of fields
     * and skipped, eight bytes at a time: most rows of a stock concern establishments the hub does not know.
     */
    public void filter(int column, Filter filter) {
        this.filterColumn = column;
        this.filter = filter;
    }

    /** Column index by header name, -1 when the header lacks it. */
    public int column(String name) {
        return columns.getOrDefault(name, -1);
    }

    /** Header name of a column. */
    public String name(int column) {
        return names[column];
    }

    /** Names among {@code required} that the header lacks (PARTNERS §4.2: map by name, never by position). */
    public List<String> missing(List<String> required) {
        List<String> missing = new ArrayList<>();
        for (String name : required) {
            if (!columns.containsKey(name)) {
                missing.add(name);
            }
        }
        return missing;
    }

    /** Number of columns of the header. */
    public int width() {
        return width;
    }

    /**
     * The next record whose {@code column} holds a SIRET of {@code known}, as that SIRET, its fields then readable; a
     * malformed record (PARTNERS-4.1) or an invalid SIRET (EMP-01…03) rejected; null at the end of the file. The
     * records of other SIRETs, most of a national stock, are only counted.
     *
     * @param columnName the column's name in the SIRENE file, named by a rejection
     */
    public RecordOutcome<Long> nextOf(int column, String columnName, SiretSet known) throws IOException {
        this.known = known;
        if (filterColumn != column) {
            filter(column, key -> key < 0 || this.known.contains(key));
        }
        while (true) {
            Read read = next();
            if (read == Read.END) {
                return null;
            }
            rows++;
            if (read == Read.SKIPPED) {
                continue;
            }
            if (read == Read.MALFORMED) {
                return new RecordOutcome.Rejected<>(line, new Rejection("PARTNERS-4.1", "SIRENE_MALFORMED_ROW", null,
                        "Ligne mal formée : " + malformation + "."), null);
            }
            long value = digits(column, 14);
            if (!SiretDigits.valid(value)) {
                String raw = text(column);
                return new RecordOutcome.Rejected<>(line, SiretDigits.rejection(raw, columnName), raw);
            }
            if (known.contains(value)) {
                return new RecordOutcome.Accepted<>(line, value);
            }
        }
    }

    /** Data records read by {@link #nextOf} so far, malformed ones included. */
    public long rows() {
        return rows;
    }

    /** Physical line (1 = header) where the current record starts. */
    public long line() {
        return line;
    }

    /** Why the last {@link Read#MALFORMED} record was. */
    public String malformation() {
        return malformation;
    }

    /**
     * Moves to the next record. A record whose quoting is broken, or whose number of fields differs from the
     * header's, is {@link Read#MALFORMED}; reading goes on at the next line.
     */
    public Read next() throws IOException {
        while (true) {
            if (pos >= limit && !fill()) {
                return Read.END;
            }
            int outcome = parse();
            if (outcome == NEED_MORE) {
                if (!more()) {
                    // the last record of the file has no end of line, or a quote is never closed
                    outcome = parseAtEnd();
                } else {
                    continue;
                }
            }
            if (outcome == BLANK) {
                continue;
            }
            if (outcome == OK && width > 0 && fields != width) {
                malformation = "le nombre de champs (" + fields + ") diffère de celui de l'en-tête (" + width + ")";
                return Read.MALFORMED;
            }
            if (outcome == OK && skipped) {
                return Read.SKIPPED;
            }
            return outcome == OK ? Read.RECORD : Read.MALFORMED;
        }
    }

    // ------------------------------------------------------------------------------------------------ field access

    public boolean isEmpty(int column) {
        return column < 0 || column >= fields || ends[column] == starts[column];
    }

    /** The value, null when empty; doubled quotes of a quoted value undone. */
    public String text(int column) {
        if (isEmpty(column)) {
            return null;
        }
        int s = starts[column];
        int e = ends[column];
        if (!quoted[column]) {
            return new String(buf, s, e - s, StandardCharsets.UTF_8);
        }
        byte[] out = new byte[e - s];
        int n = 0;
        for (int i = s; i < e; i++) {
            out[n++] = buf[i];
            if (buf[i] == QUOTE) {
                i++;                                                   // "" inside a quoted value is one quote
            }
        }
        return new String(out, 0, n, StandardCharsets.UTF_8);
    }

    /** True when the value is exactly {@code expected} (ASCII), compared on the bytes. */
    public boolean is(int column, String expected) {
        if (column < 0 || column >= fields) {
            return false;
        }
        int s = starts[column];
        int len = ends[column] - s;
        if (len != expected.length()) {
            return false;
        }
        for (int i = 0; i < len; i++) {
            if (buf[s + i] != expected.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    /** A value of exactly {@code digits} ASCII digits as a number, -1 otherwise. */
    public long digits(int column, int digits) {
        if (column < 0 || column >= fields || ends[column] - starts[column] != digits) {
            return -1;
        }
        long value = 0;
        for (int i = starts[column], e = ends[column]; i < e; i++) {
            int d = buf[i] - '0';
            if (d < 0 || d > 9) {
                return -1;
            }
            value = value * 10 + d;
        }
        return value;
    }

    @Override
    public void close() throws IOException {
        in.close();
    }

    // ------------------------------------------------------------------------------------------------ parsing

    private static final int OK = 0;
    private static final int BAD = 1;
    private static final int NEED_MORE = 2;
    private static final int BLANK = 3;

    /** Parses one record from {@code pos}; on success {@code pos} is past its end of line. */
    private int parse() {
        final byte[] b = buf;
        final int end = limit;
        int i = pos;
        int field = 0;
        int newlines = 0;
        skipped = false;
        if (b[i] == LF || b[i] == CR) {
            // an empty line: no record
            int after = endOfLine(i);
            if (after < 0) {
                return NEED_MORE;
            }
            nextLine++;
            pos = after;
            return BLANK;
        }
        while (true) {
            if (field == starts.length) {
                grow();
            }
            if (i >= end) {
                return NEED_MORE;
            }
            if (b[i] == QUOTE) {
                int s = i + 1;
                int j = s;
                while (true) {
                    if (j >= end) {
                        return NEED_MORE;
                    }
                    byte c = b[j];
                    if (c == QUOTE) {
                        if (j + 1 >= end) {
                            return NEED_MORE;
                        }
                        if (b[j + 1] == QUOTE) {
                            j += 2;
                            continue;
                        }
                        break;
                    }
                    if (c == LF) {
                        newlines++;
                    }
                    j++;
                }
                starts[field] = s;
                ends[field] = j;
                quoted[field] = true;
                field++;
                i = j + 1;
                if (i >= end) {
                    return NEED_MORE;
                }
                byte c = b[i];
                if (c == COMMA) {
                    i++;
                    continue;
                }
                if (c == LF || c == CR) {
                    return endRecord(i, field, newlines);
                }
                return malformed(i, field, newlines, "caractère après la fin d'une valeur entre guillemets");
            }
            int s = i;
            byte c = 0;
            while (i < end) {
                c = b[i];
                if (c == COMMA || c == LF || c == CR || c == QUOTE) {
                    break;
                }
                i++;
            }
            if (i >= end) {
                return NEED_MORE;
            }
            if (c == QUOTE) {
                return malformed(i, field, newlines, "guillemet au milieu d'une valeur non entourée de guillemets");
            }
            starts[field] = s;
            ends[field] = i;
            quoted[field] = false;
            field++;
            if (c == COMMA) {
                i++;
                if (field - 1 == filterColumn && !filter.parseWhole(siretKey(s, i - 1))) {
                    int outcome = skipRest(i, field, newlines);
                    if (outcome != FALLBACK) {
                        return outcome;
                    }
                }
                continue;
            }
            return endRecord(i, field, newlines);
        }
    }

    private static final int FALLBACK = 4;

    /** The key as a number when it is a SIRET passing EMP-01…03, -1 otherwise (such a row is parsed whole and rejected). */
    private long siretKey(int start, int end) {
        return end - start == 14 ? SiretDigits.valid(buf, start) : -1;
    }

    /**
     * The rest of a record nobody needs: counts its fields up to the end of the line, eight bytes at a time (SWAR). A
     * quote in it means a quoted value, possibly holding a line break: the record is then parsed whole instead.
     */
    private int skipRest(int from, int field, int newlines) {
        final byte[] b = buf;
        final int end = limit;
        int i = from;
        int commas = 0;
        while (i + 8 <= end) {
            long word = (long) LONGS.get(b, i);
            if ((zeros(word ^ (LF * ONES)) | zeros(word ^ (QUOTE * ONES)) | zeros(word ^ (CR * ONES))) != 0) {
                break;
            }
            commas += Long.bitCount(zeros(word ^ (COMMA * ONES)));
            i += 8;
        }
        while (i < end) {
            byte c = b[i];
            if (c == COMMA) {
                commas++;
            } else if (c == LF || c == CR) {
                int outcome = endRecord(i, field + commas + 1, newlines);
                skipped = outcome == OK;
                return outcome;
            } else if (c == QUOTE) {
                return FALLBACK;
            }
            i++;
        }
        return NEED_MORE;
    }

    /** 0x80 in every byte of {@code word} that is zero, 0 elsewhere (exact, no false positive). */
    private static long zeros(long word) {
        return ~(((word & LOW7) + LOW7) | word | LOW7);
    }

    private int endRecord(int eol, int field, int newlines) {
        int after = endOfLine(eol);
        if (after < 0) {
            return NEED_MORE;
        }
        fields = field;
        line = nextLine;
        nextLine += 1 + newlines;
        pos = after;
        return OK;
    }

    /** Skips to the end of the physical line where the fault is; the record is reported at its first line. */
    private int malformed(int at, int field, int newlines, String why) {
        int i = at;
        while (i < limit && buf[i] != LF) {
            i++;
        }
        if (i >= limit && !eof) {
            return NEED_MORE;
        }
        fields = field;
        line = nextLine;
        nextLine += 1 + newlines;
        pos = Math.min(i + 1, limit);
        malformation = why;
        return BAD;
    }

    /** Index after the line break at {@code i} (LF, CRLF or a lone CR), -1 when more bytes are needed to know. */
    private int endOfLine(int i) {
        if (buf[i] == LF) {
            return i + 1;
        }
        if (i + 1 >= limit) {
            return eof ? i + 1 : -1;
        }
        return buf[i + 1] == LF ? i + 2 : i + 1;
    }

    /** At end of input with an incomplete record: a last line without line break, or a quote never closed. */
    private int parseAtEnd() {
        // an artificial line break completes a last record written without one
        ensureCapacity(limit + 1);
        buf[limit++] = LF;
        int outcome = parse();
        if (outcome == NEED_MORE) {
            fields = 0;
            line = nextLine;
            pos = limit;
            malformation = "guillemet ouvrant jamais fermé";
            return BAD;
        }
        return outcome;
    }

    /** Keeps the unread part, reads more; false at end of input. */
    private boolean more() throws IOException {
        if (eof) {
            return false;
        }
        if (pos > 0) {
            System.arraycopy(buf, pos, buf, 0, limit - pos);
            limit -= pos;
            pos = 0;
        } else if (limit == buf.length) {
            if (buf.length >= MAX_RECORD) {
                throw new RefusedInput(new Rejection("FILE-01", "LINE_TOO_LONG", null, "L'enregistrement qui commence ligne "
                        + nextLine + " dépasse " + MAX_RECORD + " octets (guillemet jamais fermé ou fin de ligne absente) : "
                        + "fichier refusé à partir de là."));
            }
            buf = Arrays.copyOf(buf, buf.length * 2);                      // one record longer than the buffer
        }
        return fill();
    }

    private boolean fill() throws IOException {
        if (pos >= limit) {
            pos = 0;
            limit = 0;
        }
        int wanted = buf.length - limit;
        // readNBytes blocks until the buffer is full: fewer bytes only at the end of the stream
        int n = in.readNBytes(buf, limit, wanted);
        if (n < wanted) {
            eof = true;
        }
        limit += n;
        return n > 0;
    }

    private void ensureCapacity(int size) {
        if (size > buf.length) {
            buf = Arrays.copyOf(buf, size * 2);
        }
    }

    private void grow() {
        int n = starts.length * 2;
        starts = Arrays.copyOf(starts, n);
        ends = Arrays.copyOf(ends, n);
        quoted = Arrays.copyOf(quoted, n);
    }
}
