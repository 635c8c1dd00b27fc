package fr.passerelle.iae.mappings.sirene;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

import org.junit.jupiter.api.Test;

import fr.passerelle.iae.mappings.RefusedInput;

/** PARTNERS §4.1: RFC 4180 quoting, empty = null, map by header name. */
class StockCsvTest {

    private static StockCsv csv(String text) throws IOException {
        return new StockCsv(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)));
    }

    private static List<List<String>> rows(StockCsv csv) throws IOException {
        List<List<String>> rows = new ArrayList<>();
        StockCsv.Read read;
        while ((read = csv.next()) != StockCsv.Read.END) {
            List<String> row = new ArrayList<>();
            if (read == StockCsv.Read.MALFORMED) {
                row.add("MALFORMED@" + csv.line());
            } else {
                for (int i = 0; i < csv.width(); i++) {
                    row.add(csv.text(i));
                }
                row.add("@" + csv.line());
            }
            rows.add(row);
        }
        return rows;
    }

    /** A header, one good row, then a value whose quote never closes, followed by {@code size} bytes without end. */
    private static java.io.InputStream endlessQuote(long size) {
        byte[] head = "a,b\n1,2\n\"x,".getBytes(StandardCharsets.UTF_8);
        return new java.io.InputStream() {
            long served;

            @Override
            public int read() {
                long i = served++;
                return i < head.length ? head[(int) i] : i < head.length + size ? 'y' : -1;
            }

            @Override
            public int read(byte[] b, int off, int len) {
                int n = 0;
                while (n < len) {
                    int c = read();
                    if (c < 0) {
                        return n == 0 ? -1 : n;
                    }
                    b[off + n++] = (byte) c;
                }
                return n;
            }
        };
    }

    @Test
    void FILE_01_a_quote_never_closed_stops_the_reading_at_the_record_limit_instead_of_growing_the_buffer() throws IOException {
        StockCsv csv = new StockCsv(endlessQuote(4L * StockCsv.MAX_RECORD));

        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThatThrownBy(csv::next).isInstanceOf(RefusedInput.class)
                .satisfies(e -> assertThat(((RefusedInput) e).rejection().rule()).isEqualTo("FILE-01"))
                .hasMessageContaining("ligne 3");
    }

    @Test
    void quoted_values_hold_commas_doubled_quotes_and_line_breaks() throws IOException {
        StockCsv csv = csv("a,b,c\n\"x, y\",\"say \"\"hi\"\"\",\"two\nlines\"\n1,2,3\n");
        assertThat(rows(csv)).containsExactly(
                List.of("x, y", "say \"hi\"", "two\nlines", "@2"),
                List.of("1", "2", "3", "@4"));
    }

    @Test
    void empty_values_are_null_quoted_or_not_and_quotes_may_surround_any_value() throws IOException {
        StockCsv csv = csv("a,b,c\r\n,\"\",\"plain\"\r\n");
        List<List<String>> rows = rows(csv);
        assertThat(rows).hasSize(1);
        assertThat(rows.get(0).get(0)).isNull();
        assertThat(rows.get(0).get(1)).isNull();
        assertThat(rows.get(0).get(2)).isEqualTo("plain");
    }

    @Test
    void columns_are_found_by_name_whatever_their_order() throws IOException {
        StockCsv csv = csv("nic,siret,siren\n00016,44198765800016,441987658\n");
        assertThat(csv.column("siret")).isEqualTo(1);
        assertThat(csv.column("unknown")).isEqualTo(-1);
        assertThat(csv.missing(List.of("siret", "dateDebut"))).containsExactly("dateDebut");
        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThat(csv.digits(1, 14)).isEqualTo(44198765800016L);
        assertThat(csv.digits(0, 14)).isEqualTo(-1);
    }

    @Test
    void malformed_rows_are_reported_at_their_line_and_reading_goes_on() throws IOException {
        StockCsv csv = csv("a,b\n1,2\nbad\"quote,2\n3\n\"x\"y,1\n4,5\n\"never closed,1\n");
        List<List<String>> rows = rows(csv);
        assertThat(rows).containsExactly(
                List.of("1", "2", "@2"),
                List.of("MALFORMED@3"),
                List.of("MALFORMED@4"),
                List.of("MALFORMED@5"),
                List.of("4", "5", "@6"),
                List.of("MALFORMED@7"));
    }

    @Test
    void filtered_rows_are_skipped_but_still_checked_for_their_number_of_fields() throws IOException {
        String known = "44198765800016";
        String other = "52311874300013";
        StringBuilder text = new StringBuilder("a,siret,c\n");
        text.append("x,").append(other).append(",long value beyond eight bytes\n");               // skipped
        text.append("x,").append(other).append(",1,2\n");                                          // one field too many
        text.append("x,").append(other).append(",\"quoted, with\nline break\"\n");               // parsed whole
        text.append("x,").append(known).append(",kept\n");
        text.append("x,").append("44198765800017").append(",invalid siret: parsed whole\n");
        StockCsv csv = csv(text.toString());
        csv.filter(1, key -> key == 44198765800016L || key < 0);
        assertThat(csv.next()).isEqualTo(StockCsv.Read.SKIPPED);
        assertThat(csv.next()).isEqualTo(StockCsv.Read.MALFORMED);
        assertThat(csv.line()).isEqualTo(3);
        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThat(csv.text(2)).isEqualTo("quoted, with\nline break");
        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThat(csv.line()).isEqualTo(6);
        assertThat(csv.text(2)).isEqualTo("kept");
        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThat(csv.text(1)).isEqualTo("44198765800017");
        assertThat(csv.next()).isEqualTo(StockCsv.Read.END);
    }

    @Test
    void a_last_line_without_line_break_is_read() throws IOException {
        assertThat(rows(csv("a,b\n1,\"2\""))).containsExactly(List.of("1", "2", "@2"));
    }

    @Test
    void records_longer_than_the_buffer_and_across_refills_are_read_whole() throws IOException {
        StringBuilder text = new StringBuilder("a,b\n");
        String big = "x".repeat(3 << 20);
        text.append("\"").append(big).append("\",1\n");
        for (int i = 0; i < 100_000; i++) {
            text.append("\"v,").append(i).append("\",").append(i).append('\n');
        }
        StockCsv csv = csv(text.toString());
        assertThat(csv.next()).isEqualTo(StockCsv.Read.RECORD);
        assertThat(csv.text(0)).hasSize(3 << 20);
        int n = 0;
        while (csv.next() == StockCsv.Read.RECORD) {
            assertThat(csv.text(0)).isEqualTo("v," + n);
            n++;
        }
        assertThat(n).isEqualTo(100_000);
    }

    @Test
    void a_zip_archive_is_streamed_from_its_csv_entry() throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            zip.putNextEntry(new ZipEntry("StockEtablissement_utf8.csv"));
            zip.write("a,b\n1,2\n".getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        }
        InputStream content = StockCsv.content(new ByteArrayInputStream(bytes.toByteArray()), bytes.size());
        assertThat(rows(new StockCsv(content))).containsExactly(List.of("1", "2", "@2"));
    }
}
