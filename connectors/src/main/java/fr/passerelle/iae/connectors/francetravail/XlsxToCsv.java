package fr.passerelle.iae.connectors.francetravail;

import static org.apache.poi.xssf.usermodel.XSSFRelation.NS_SPREADSHEETML;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.math.BigDecimal;
import java.nio.file.Path;
import java.time.format.DateTimeFormatter;
import java.util.Arrays;
import java.util.Iterator;
import java.util.Locale;
import java.util.regex.Pattern;

import javax.xml.parsers.ParserConfigurationException;

import org.apache.poi.openxml4j.exceptions.InvalidFormatException;
import org.apache.poi.openxml4j.exceptions.OpenXML4JException;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.util.ZipFileZipEntrySource;
import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.ReadOnlySharedStringsTable;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler;
import org.apache.poi.xssf.eventusermodel.XSSFSheetXMLHandler.SheetContentsHandler;
import org.apache.poi.xssf.model.SharedStrings;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFComment;
import org.xml.sax.Attributes;
import org.xml.sax.InputSource;
import org.xml.sax.SAXException;
import org.xml.sax.XMLReader;
import org.xml.sax.helpers.DefaultHandler;

import fr.passerelle.iae.mappings.TextLines;

/**
 * France Travail delivered its agréments as spreadsheets (PARTNERS §3.1): the first sheet of an XLSX written
 * out as the {@code ;}-separated CSV the hub ingests. Date cells become {@code yyyy-MM-dd}; other numbers are written
 * with all their digits and nothing else, whatever their format (an agrément number stored as a number is
 * {@code 350211900042}, not the {@code 3.50212E+11} of the General format nor {@code 350,211,900,042}); text cells
 * keep their text.
 * <p>
 * The sheet is read as a stream (POI's event API): the heap it takes does not grow with its rows. A part inflating
 * beyond 4 GB or 100 times its compressed size is refused by POI's {@code ZipSecureFile} defaults; what is held in
 * memory or written out is bounded here.
 */
public final class XlsxToCsv {

    /** The shared strings and the styles are held whole: 64 MB, the bound every part had when the workbook was loaded whole. */
    static final long MAX_HELD_PART = 64L << 20;
    /** Excel's own limit (column XFD). */
    static final int MAX_CELLS = 16_384;
    /** Empty rows or a long shared string repeated would otherwise turn a small file into terabytes of CSV. */
    static final long MAX_CSV_CHARS = 4L << 30;

    private static final int MAX_LINE = TextLines.MAX_LINE;

    private XlsxToCsv() {
    }

    public static void convert(Path xlsx, Writer csv) throws IOException {
        // opened on its central directory, read-only: for a zip whose directory is broken, OPCPackage.open(File) falls
        // back to reading the zip as a stream, every part inflated into memory
        ZipSecureFile zip = new ZipSecureFile(xlsx.toFile());
        OPCPackage book;
        try {
            book = OPCPackage.open(new ZipFileZipEntrySource(zip));
        } catch (InvalidFormatException | RuntimeException e) {
            zip.close();
            throw new IOException("not a workbook: " + e.getMessage(), e);
        }
        try {
            XSSFReader reader = new XSSFReader(book);
            Iterator<InputStream> sheets = reader.getSheetsData();
            if (!sheets.hasNext()) {
                throw new IOException("the workbook has no sheet");
            }
            Rows rows = new Rows(csv, new Shown(date1904(reader)));
            XMLReader parser = XMLHelper.newXMLReader();
            parser.setContentHandler(rows.handler(styles(reader), sharedStrings(reader)));
            try (InputStream sheet = sheets.next()) {
                parser.parse(new InputSource(sheet));
            }
        } catch (OpenXML4JException | SAXException | ParserConfigurationException e) {
            throw new IOException("unreadable workbook: " + e.getMessage(), e);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } finally {
            book.revert();                                  // close() is for saving; this package was opened read-only
        }
    }

    private static SharedStrings sharedStrings(XSSFReader reader) throws IOException, OpenXML4JException, SAXException {
        try (InputStream part = reader.getSharedStringsData()) {
            // without the part, a cell that refers to a shared string fails (as the user model's empty table did)
            return part == null ? null : new ReadOnlySharedStringsTable(new Held(part, "sharedStrings"), false);
        }
    }

    private static StylesTable styles(XSSFReader reader) throws IOException, OpenXML4JException {
        try (InputStream part = reader.getStylesData()) {
            // without the part, the default styles the user model created: numbers in the General format
            return part == null ? new StylesTable() : new StylesTable(new Held(part, "styles"));
        }
    }

    /** A workbook saved with the 1904 date system (old Mac Excel) counts its dates from there. */
    private static boolean date1904(XSSFReader reader) throws IOException, OpenXML4JException, SAXException,
            ParserConfigurationException {
        boolean[] date1904 = {false};
        XMLReader parser = XMLHelper.newXMLReader();
        parser.setContentHandler(new DefaultHandler() {
            @Override
            public void startElement(String uri, String localName, String qName, Attributes attributes) {
                if ("workbookPr".equals(localName)) {
                    String value = attributes.getValue("date1904");
                    date1904[0] = "1".equals(value) || "true".equals(value);
                }
            }
        });
        try (InputStream part = reader.getWorkbookData()) {
            parser.parse(new InputSource(part));
        }
        return date1904[0];
    }

    /**
     * The digits a number holds, without exponent, separator or trailing zeros ({@code 350211900042}, {@code 1234.5});
     * text that is no number is returned as it is.
     */
    private static String plain(String number) {
        try {
            return new BigDecimal(number).stripTrailingZeros().toPlainString();
        } catch (NumberFormatException e) {
            return number;
        }
    }

    private static UncheckedIOException refused(String why) {
        return new UncheckedIOException(new IOException(why));
    }

    /** A part held whole in memory, refused past {@link #MAX_HELD_PART} bytes inflated. */
    private static final class Held extends FilterInputStream {
        private final String name;
        private long read;

        Held(InputStream in, String name) {
            super(in);
            this.name = name;
        }

        @Override
        public int read() throws IOException {
            int b = super.read();
            count(b < 0 ? 0 : 1);
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = super.read(b, off, len);
            count(Math.max(n, 0));
            return n;
        }

        private void count(int n) throws IOException {
            read += n;
            if (read > MAX_HELD_PART) {
                throw new IOException("the " + name + " part of the workbook is over " + (MAX_HELD_PART >> 20) + " MB");
            }
        }
    }

    /**
     * A date as {@code yyyy-MM-dd} (as the user model's date test decided), any other number {@link #plain}: its
     * format is how it was displayed, not what France Travail recorded. Only a format of zeros is kept, which pads an
     * identifier to its width ({@code 00000000}: {@code 01234567}).
     */
    private static final class Shown extends DataFormatter {
        private static final Pattern ZEROS = Pattern.compile("0+");
        private final boolean date1904;
        /** Whether the current cell went through this formatter: POI hands over the others as stored. */
        private boolean formatted;

        Shown(boolean date1904) {
            super(Locale.ROOT);
            this.date1904 = date1904;
        }

        @Override
        public String formatRawCellContents(double value, int formatIndex, String formatString) {
            formatted = true;
            if (DateUtil.isValidExcelDate(value) && DateUtil.isADateFormat(formatIndex, formatString)) {
                return DateUtil.getLocalDateTime(value, date1904).toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE);
            }
            String digits = plain(Double.toString(value));
            boolean padded = ZEROS.matcher(formatString).matches() && digits.chars().allMatch(Character::isDigit);
            return padded && digits.length() < formatString.length()
                    ? "0".repeat(formatString.length() - digits.length()) + digits : digits;
        }
    }

    /**
     * The rows as CSV lines, as the user model iterated them: a row absent from the sheet is skipped, a row there
     * without cells is a line of empty fields, and the width is that of the first row with cells.
     */
    private static final class Rows implements SheetContentsHandler {
        private final Writer csv;
        private final Shown shown;
        private final String[] cells = new String[MAX_CELLS];
        private long written;
        private int width = -1;
        private int row;
        private int lastCellNum;
        private int column;
        private boolean error;
        private boolean number;
        private long rowChars;
        private long cellChars;

        Rows(Writer csv, Shown shown) {
            this.csv = csv;
            this.shown = shown;
        }

        /** POI reports only the cells with a value, and buffers that value whole: this follows every cell and its size. */
        XSSFSheetXMLHandler handler(StylesTable styles, SharedStrings strings) {
            return new XSSFSheetXMLHandler(styles, strings, this, shown, false) {
                @Override
                public void startElement(String uri, String localName, String qName, Attributes attributes) throws SAXException {
                    if ((uri == null || uri.equals(NS_SPREADSHEETML)) && "c".equals(localName)) {
                        cellAt(attributes.getValue("r"), attributes.getValue("t"));
                    }
                    super.startElement(uri, localName, qName, attributes);
                }

                @Override
                public void characters(char[] ch, int start, int length) throws SAXException {
                    cellChars += length;
                    if (cellChars > MAX_LINE) {
                        throw refused("row " + row + ": a cell of more than " + MAX_LINE + " characters");
                    }
                    super.characters(ch, start, length);
                }
            };
        }

        private void cellAt(String reference, String type) {
            // a cell without reference follows the last one, as the user model placed it
            column = reference == null ? lastCellNum : new CellReference(reference).getCol();
            if (column < 0 || column >= MAX_CELLS) {
                throw refused("row " + row + ": a cell beyond the " + MAX_CELLS + " columns a sheet may have");
            }
            lastCellNum = Math.max(lastCellNum, column + 1);
            error = "e".equals(type);
            number = type == null || "n".equals(type);
            shown.formatted = false;
            cellChars = 0;
        }

        @Override
        public void startRow(int rowNum) {
            row = rowNum + 1;
            lastCellNum = 0;
            rowChars = 0;
            cellChars = 0;
        }

        @Override
        public void cell(String reference, String value, XSSFComment comment) {
            if (value == null || (width >= 0 && column >= width)) {
                return;
            }
            // the event API spells an error cell "ERROR:#N/A"; the spreadsheet shows "#N/A"
            String text = (error && value.startsWith("ERROR:") ? value.substring(6) : value).strip();
            if (number && !shown.formatted) {
                // a number whose format POI cannot tell comes as the sheet stores it ("3.50211900042E11")
                text = plain(text);
            }
            rowChars += text.length();
            if (rowChars > MAX_LINE) {
                throw refused("row " + row + ": more than " + MAX_LINE + " characters");
            }
            cells[column] = text;
        }

        @Override
        public void endRow(int rowNum) {
            if (width < 0 && lastCellNum > 0) {
                width = lastCellNum;
            }
            StringBuilder line = new StringBuilder();
            for (int i = 0; i < width; i++) {
                if (i > 0) {
                    line.append(';');
                }
                line.append(quoted(cells[i] == null ? "" : cells[i]));
            }
            if (line.length() > MAX_LINE) {
                throw refused("row " + row + ": a CSV line of more than " + MAX_LINE + " characters");
            }
            written += line.length() + 1;
            if (written > MAX_CSV_CHARS) {
                throw refused("row " + row + ": the CSV would exceed " + MAX_CSV_CHARS + " characters");
            }
            try {
                csv.write(line.toString());
                csv.write('\n');
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            Arrays.fill(cells, 0, lastCellNum, null);
        }
    }

    private static String quoted(String value) {
        if (value.indexOf(';') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
