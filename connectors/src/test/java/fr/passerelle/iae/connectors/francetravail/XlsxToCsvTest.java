package fr.passerelle.iae.connectors.francetravail;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.StringWriter;
import java.io.Writer;
import java.nio.ByteBuffer;
import java.nio.ByteOrder;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.Arrays;
import java.util.Random;
import java.util.zip.Deflater;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** PARTNERS §3.1: the first sheet of an agréments workbook as CSV, read as a stream and bounded whatever its size. */
class XlsxToCsvTest {

    private static final String HEADER = "CODE_STRUCT_AFFECT_BENE;ID_REGIONAL_BENE;NOM_USAGE_BENE;PRENOM_BENE;NOM_NAISS_BENE;"
            + "NUM_AGR_DEC;DATE_DEB;DATE_FIN;DATE_NAISS_BENE";
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";

    @TempDir
    Path dir;

    private static String csv(Path xlsx) throws IOException {
        StringWriter out = new StringWriter();
        XlsxToCsv.convert(xlsx, out);
        return out.toString();
    }

    private Path save(Workbook book) throws IOException {
        Path file = Files.createTempFile(dir, "agrements-", ".xlsx");
        try (OutputStream out = Files.newOutputStream(file)) {
            book.write(out);
        }
        return file;
    }

    private static CellStyle cellFormat(Workbook book, String format) {
        CellStyle style = book.createCellStyle();
        style.setDataFormat(book.getCreationHelper().createDataFormat().getFormat(format));
        return style;
    }

    @Test
    void PARTNERS_3_1_cells_come_out_as_the_user_model_gave_them() throws IOException {
        Path xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("agrements");
            String[] header = HEADER.split(";");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            Row row = sheet.createRow(1);
            row.createCell(0).setCellValue(35021);
            row.createCell(1).setCellValue("7654321B");
            row.createCell(2).setCellValue("MARTIN; dit \"Max\"");
            row.createCell(4).setCellValue("  LEROY ");
            row.createCell(5).setCellValue("350211900042");
            row.createCell(6).setCellValue(LocalDate.of(2019, 7, 1));
            row.getCell(6).setCellStyle(cellFormat(book, "dd/mm/yyyy"));
            row.createCell(7).setCellValue(LocalDate.of(2021, 6, 30));
            row.getCell(7).setCellStyle(cellFormat(book, "m/d/yy"));
            row.createCell(8).setCellValue("14/03/88");
            sheet.createRow(3);
            Row last = sheet.createRow(4);
            last.createCell(0).setCellValue(1234.5);
            last.createCell(8).setCellValue("deux\nlignes");
            last.createCell(9).setCellValue("beyond the header");
            xlsx = save(book);
        }

        assertThat(csv(xlsx)).isEqualTo(HEADER + "\n"
                + "35021;7654321B;\"MARTIN; dit \"\"Max\"\"\";;LEROY;350211900042;2019-07-01;2021-06-30;14/03/88\n"
                + ";;;;;;;;\n"                                    // the 4th row is there without cells; the 3rd is not
                + "1234.5;;;;;;;;\"deux\nlignes\"\n");
    }

    @Test
    void PARTNERS_3_1_a_row_typed_as_numbers_in_every_column_it_can_is_the_line_france_travail_recorded() throws IOException {
        Path xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("agrements");
            String[] header = HEADER.split(";");
            Row first = sheet.createRow(0);
            for (int c = 0; c < header.length; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            Row row = sheet.createRow(1);
            row.createCell(0).setCellValue(35021);
            row.createCell(1).setCellValue(12345678);
            row.createCell(2).setCellValue("MARTIN");
            row.createCell(3).setCellValue("LUCIE");
            row.createCell(4).setCellValue("LEROY");
            row.createCell(5).setCellValue(350211900042L);                  // General format: shown 3.50212E+11
            row.createCell(6).setCellValue(LocalDate.of(2019, 7, 1));
            row.getCell(6).setCellStyle(cellFormat(book, "dd/mm/yyyy"));
            row.createCell(7).setCellValue(LocalDate.of(2021, 6, 30));
            row.getCell(7).setCellStyle(cellFormat(book, "m/d/yy"));
            row.createCell(8).setCellValue(32216);                          // the serial number of 14 March 1988
            row.getCell(8).setCellStyle(cellFormat(book, "dd/mm/yyyy"));
            xlsx = save(book);
        }

        assertThat(csv(xlsx)).isEqualTo(HEADER + "\n35021;12345678;MARTIN;LUCIE;LEROY;350211900042;2019-07-01;2021-06-30;1988-03-14\n");
    }

    @Test
    void PARTNERS_3_1_a_number_is_written_with_its_digits_whatever_format_displayed_it() throws IOException {
        Object[][] numbers = {
            {350211900042.0, "#,##0"}, {35021.0, "0.00"}, {1234.5, "General"}, {0.00000015, "General"}, {1e20, "General"},
            {-42.0, "General"}, {12.5, "0"}, {35021.0, "@"}, {1234567.0, "00000000"}, {350211900042.0, "0.00E+00"}};
        Path xlsx;
        try (XSSFWorkbook book = new XSSFWorkbook()) {
            Sheet sheet = book.createSheet("numbers");
            Row header = sheet.createRow(0);
            Row row = sheet.createRow(1);
            for (int c = 0; c < numbers.length; c++) {
                header.createCell(c).setCellValue("N" + c);
                row.createCell(c).setCellValue((double) numbers[c][0]);
                row.getCell(c).setCellStyle(cellFormat(book, (String) numbers[c][1]));
            }
            xlsx = save(book);
        }

        // a format of zeros alone is kept: it pads an identifier to its width, as the spreadsheet showed it
        assertThat(csv(xlsx).split("\n")[1]).isEqualTo(
                "350211900042;35021;1234.5;0.00000015;100000000000000000000;-42;12.5;35021;01234567;350211900042");
    }

    @Test
    void PARTNERS_3_1_a_sheet_of_200_000_rows_is_converted_as_it_streams_by() throws IOException {
        Path xlsx;
        try (SXSSFWorkbook book = new SXSSFWorkbook(100)) {
            Sheet sheet = book.createSheet("agrements");
            CellStyle date = cellFormat(book, "dd/mm/yyyy");
            String[] header = HEADER.split(";");
            Row first = sheet.createRow(0);
            for (int c = 0; c < 8; c++) {
                first.createCell(c).setCellValue(header[c]);
            }
            for (int i = 0; i < 200_000; i++) {
                Row row = sheet.createRow(i + 1);
                row.createCell(0).setCellValue(35021);
                row.createCell(1).setCellValue(String.format("%07dA", i));
                row.createCell(2).setCellValue("MARTIN; " + i);
                row.createCell(3).setCellValue("LUCIE");
                row.createCell(4).setCellValue(LocalDate.of(1980, 1, 1).plusDays(i % 10_000));
                row.getCell(4).setCellStyle(date);
                row.createCell(5).setCellValue(String.valueOf(350_211_900_000L + i));
                row.createCell(6).setCellValue(i);
                row.createCell(7).setCellValue(i % 2 == 0);
            }
            xlsx = save(book);
        }

        String[] lines = csv(xlsx).split("\n");

        assertThat(lines).hasSize(200_001);
        assertThat(lines[0]).isEqualTo(String.join(";", Arrays.copyOf(HEADER.split(";"), 8)));
        assertThat(lines[1]).isEqualTo("35021;0000000A;\"MARTIN; 0\";LUCIE;1980-01-01;350211900000;0;TRUE");
        assertThat(lines[123_457]).isEqualTo("35021;0123456A;\"MARTIN; 123456\";LUCIE;1989-06-18;350212023456;123456;TRUE");
        assertThat(lines[200_000]).isEqualTo("35021;0199999A;\"MARTIN; 199999\";LUCIE;2007-05-18;350212099999;199999;FALSE");
    }

    // ---------------------------------------------------------------------------------------------------------------
    // Workbooks written by hand, for what POI's writers never produce

    private interface Part {
        void write(Writer out) throws IOException;
    }

    private static final Part SHARED_STRINGS = out -> out.write("<sst xmlns=\"" + MAIN + "\"><si><t>CODE</t></si></sst>");

    /** A workbook whose sheet holds {@code rows}; style 1 is a date (format 14), style 2 a format the workbook never defines. */
    private Path workbook(boolean date1904, String rows, Part sharedStrings) throws IOException {
        String rels = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";
        String type = "application/vnd.openxmlformats-officedocument.spreadsheetml.";
        Path file = Files.createTempFile(dir, "handmade-", ".xlsx");
        try (ZipOutputStream zip = new ZipOutputStream(Files.newOutputStream(file))) {
            zip.setLevel(Deflater.BEST_SPEED);
            Writer out = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
            Part[] parts = {
                w -> w.write("<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"" + type + "sheet.main+xml\"/>"
                        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"" + type + "worksheet+xml\"/>"
                        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"" + type + "styles+xml\"/>"
                        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"" + type + "sharedStrings+xml\"/></Types>"),
                w -> w.write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + rels + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>"),
                w -> w.write("<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + rels + "\"><workbookPr date1904=\"" + date1904
                        + "\"/><sheets><sheet name=\"agrements\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>"),
                w -> w.write("<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + rels + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                        + "<Relationship Id=\"rId2\" Type=\"" + rels + "/styles\" Target=\"styles.xml\"/>"
                        + "<Relationship Id=\"rId3\" Type=\"" + rels + "/sharedStrings\" Target=\"sharedStrings.xml\"/>"
                        + "</Relationships>"),
                w -> w.write("<styleSheet xmlns=\"" + MAIN + "\"><cellXfs count=\"3\"><xf numFmtId=\"0\"/>"
                        + "<xf numFmtId=\"14\" applyNumberFormat=\"1\"/><xf numFmtId=\"200\" applyNumberFormat=\"1\"/>"
                        + "</cellXfs></styleSheet>"),
                w -> w.write("<worksheet xmlns=\"" + MAIN + "\"><sheetData>" + rows + "</sheetData></worksheet>"),
                sharedStrings};
            String[] names = {"[Content_Types].xml", "_rels/.rels", "xl/workbook.xml", "xl/_rels/workbook.xml.rels",
                "xl/styles.xml", "xl/worksheets/sheet1.xml", "xl/sharedStrings.xml"};
            for (int i = 0; i < parts.length; i++) {
                zip.putNextEntry(new ZipEntry(names[i]));
                parts[i].write(out);
                out.flush();
                zip.closeEntry();
            }
        }
        return file;
    }

    private static String inline(String reference, String text) {
        return "<c" + (reference == null ? "" : " r=\"" + reference + "\"") + " t=\"inlineStr\"><is><t>" + text + "</t></is></c>";
    }

    @Test
    void PARTNERS_3_1_cells_are_placed_and_shown_as_the_user_model_did() throws IOException {
        // a blank cell counts in the header's width; cells without a reference follow the last one
        String rows = "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c>" + inline("B1", "DATE") + "<c r=\"C1\" s=\"1\"/></row>"
                + "<row r=\"2\">" + inline(null, "x") + "<c s=\"1\"><v>42000</v></c></row>"
                + "<row r=\"3\"/>"
                + "<row r=\"5\"><c r=\"A5\" t=\"e\"><v>#N/A</v></c><c r=\"C5\" t=\"b\"><v>1</v></c></row>";

        assertThat(csv(workbook(false, rows, SHARED_STRINGS))).isEqualTo("CODE;DATE;\nx;2014-12-27;\n;;\n#N/A;;TRUE\n");
        assertThat(csv(workbook(true, rows, SHARED_STRINGS))).isEqualTo("CODE;DATE;\nx;2018-12-28;\n;;\n#N/A;;TRUE\n");
    }

    @Test
    void PARTNERS_3_1_a_formula_shows_its_last_computed_value() throws IOException {
        String rows = "<row r=\"1\">" + inline("A1", "DATE_FIN") + inline("B1", "CODE") + "</row>"
                + "<row r=\"2\"><c r=\"A2\" s=\"1\"><f>DATE(2021,6,30)</f><v>44377</v></c>"
                + "<c r=\"B2\" t=\"str\"><f>\"350\"&amp;\"21\"</f><v>35021</v></c></row>";

        assertThat(csv(workbook(false, rows, SHARED_STRINGS))).isEqualTo("DATE_FIN;CODE\n2021-06-30;35021\n");
    }

    @Test
    void PARTNERS_3_1_a_number_of_unknown_format_is_written_with_its_digits_and_text_stays_text() throws IOException {
        String rows = "<row r=\"1\">" + inline("A1", "NUM_AGR_DEC") + inline("B1", "SUM") + inline("C1", "CODE")
                + inline("D1", "ID") + "</row>"
                + "<row r=\"2\"><c r=\"A2\" s=\"2\"><v>3.50211900042E11</v></c><c r=\"B2\" s=\"2\"><f>A2*10</f><v>3.50211900042E12</v></c>"
                + "<c r=\"C2\" t=\"str\"><f>\"3502\"&amp;\"1E5\"</f><v>35021E5</v></c>" + inline("D2", "00123456") + "</row>";

        assertThat(csv(workbook(false, rows, SHARED_STRINGS)))
                .isEqualTo("NUM_AGR_DEC;SUM;CODE;ID\n350211900042;3502119000420;35021E5;00123456\n");
    }

    @Test
    void a_cell_beyond_the_16384_columns_of_a_sheet_refuses_the_workbook() throws IOException {
        Path xlsx = workbook(false, "<row r=\"1\">" + inline("A1", "CODE") + inline("XFE1", "x") + "</row>", SHARED_STRINGS);

        assertThatThrownBy(() -> csv(xlsx)).isInstanceOf(IOException.class).hasMessageContaining("row 1")
                .hasMessageContaining("16384");
    }

    /** Random letters: a real deflate ratio, so that POI's zip bomb check lets the part through to the bound tested. */
    private static String letters(Random random, int length) {
        char[] text = new char[length];
        for (int c = 0; c < length; c++) {
            text[c] = (char) ('a' + random.nextInt(16));
        }
        return new String(text);
    }

    @Test
    void a_cell_or_a_row_over_1_048_576_characters_refuses_the_workbook() throws IOException {
        Random random = new Random(1);
        String header = "<row r=\"1\">" + inline("A1", "A") + inline("B1", "B") + "</row>";
        Path cell = workbook(false, header + "<row r=\"2\">" + inline("A2", letters(random, 1_048_577)) + "</row>", SHARED_STRINGS);
        Path row = workbook(false, header + "<row r=\"2\">" + inline("A2", letters(random, 600_000))
                + inline("B2", letters(random, 600_000)) + "</row>", SHARED_STRINGS);

        assertThatThrownBy(() -> csv(cell)).isInstanceOf(IOException.class)
                .hasMessageContaining("row 2: a cell of more than 1048576 characters");
        assertThatThrownBy(() -> csv(row)).isInstanceOf(IOException.class)
                .hasMessageContaining("row 2: more than 1048576 characters");
    }

    @Test
    void shared_strings_over_64_MB_refuse_the_workbook_before_they_fill_the_heap() throws IOException {
        Random random = new Random(1);
        Path xlsx = workbook(false, "<row r=\"1\"><c r=\"A1\" t=\"s\"><v>0</v></c></row>", out -> {
            out.write("<sst xmlns=\"" + MAIN + "\">");
            for (int i = 0; i < 65; i++) {
                out.write("<si><t>" + letters(random, 1 << 20) + "</t></si>");
            }
            out.write("</sst>");
        });

        assertThatThrownBy(() -> csv(xlsx)).isInstanceOf(IOException.class)
                .hasMessageContaining("sharedStrings part of the workbook is over 64 MB");
    }

    @Test
    void a_file_that_is_no_workbook_is_refused() throws IOException {
        byte[] noise = new byte[5000];
        new Random(2).nextBytes(noise);
        Path notZip = Files.write(dir.resolve("random.xlsx"), noise);

        assertThatThrownBy(() -> csv(notZip)).isInstanceOf(IOException.class);
    }

    @Test
    void a_workbook_whose_zip_directory_is_broken_is_refused_rather_than_inflated_whole_in_memory() throws IOException {
        byte[] zip = Files.readAllBytes(workbook(false, "<row r=\"1\">" + inline("A1", "CODE") + "</row>", SHARED_STRINGS));
        ByteBuffer bytes = ByteBuffer.wrap(zip).order(ByteOrder.LITTLE_ENDIAN);
        int directory = bytes.getInt(zip.length - 22 + 16);  // where the end record says the central directory starts
        bytes.putInt(directory + 42, Integer.MAX_VALUE);      // its first entry now points past the end of the file
        Path broken = Files.write(dir.resolve("broken.xlsx"), zip);

        assertThatThrownBy(() -> csv(broken)).isInstanceOf(IOException.class);
    }
}
