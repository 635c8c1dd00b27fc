package fr.passerelle.iae.connectors.francetravail;

import java.io.IOException;
import java.io.InputStream;
import java.io.Writer;
import java.time.format.DateTimeFormatter;

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
