package fr.passerelle.iae.connectors.francetravail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.format.DateTimeFormatter;

import org.apache.poi.openxml4j.util.ZipSecureFile;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * France Travail delivered its agréments as spreadsheets (PARTNERS §3.1): the first sheet of an XLSX written
 * out as the {@code ;}-separated CSV the hub ingests. Date cells become {@code yyyy-MM-dd}; other cells keep the
 * text the spreadsheet shows (a SAFIR code stored as a number stays {@code 35021}).
 */
public final class XlsxToCsv {

    /**
     * A workbook is loaded whole (POI's user model): an entry inflating beyond this, or 100 times its compressed size
     * (POI's default ratio), is refused before it fills the heap. Streaming the sheet would lift this bound.
     */
    static final long MAX_ENTRY_BYTES = 64L << 20;

    static {
        ZipSecureFile.setMaxEntrySize(MAX_ENTRY_BYTES);
    }

    private XlsxToCsv() {
    }

    public static void convert(InputStream xlsx, Writer csv) throws IOException {
        DataFormatter shown = new DataFormatter(java.util.Locale.ROOT);
        try (Workbook book = new XSSFWorkbook(xlsx)) {
            Sheet sheet = book.getSheetAt(0);
            int width = -1;
            for (Row row : sheet) {
                if (width < 0) {
                    width = row.getLastCellNum();
                }
                StringBuilder line = new StringBuilder();
                for (int i = 0; i < width; i++) {
                    if (i > 0) {
                        line.append(';');
                    }
                    line.append(quoted(text(row.getCell(i), shown)));
                }
                csv.write(line.toString());
                csv.write('\n');
            }
        }
    }

    private static String text(Cell cell, DataFormatter shown) {
        if (cell == null) {
            return "";
        }
        if (cell.getCellType() == CellType.NUMERIC && DateUtil.isCellDateFormatted(cell)) {
            return cell.getLocalDateTimeCellValue().toLocalDate().format(DateTimeFormatter.ISO_LOCAL_DATE);
        }
        return shown.formatCellValue(cell).strip();
    }

    private static String quoted(String value) {
        if (value.indexOf(';') >= 0 || value.indexOf('"') >= 0 || value.indexOf('\n') >= 0) {
            return '"' + value.replace("\"", "\"\"") + '"';
        }
        return value;
    }
}
