package fr.passerelle.iae.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

class InflationCapTest {

    @Test
    void FILE_04_a_gzip_bomb_is_stopped_at_its_cap() throws IOException {
        byte[] bomb = gzipOfZeros(200L << 20);                  // 200 MiB of zeros: about 200 KB compressed
        assertThat(bomb.length).isLessThan(1 << 20);
        try (InputStream in = InflationCap.of(new GZIPInputStream(new ByteArrayInputStream(bomb)), bomb.length, "bomb.csv.gz")) {
            assertThatThrownBy(() -> in.transferTo(java.io.OutputStream.nullOutputStream()))
                    .isInstanceOf(RefusedInput.class)
                    .satisfies(e -> {
                        Rejection why = ((RefusedInput) e).rejection();
                        assertThat(why.rule()).isEqualTo("FILE-04");
                        assertThat(why.code()).isEqualTo("INFLATED_TOO_LARGE");
                        assertThat(why.field()).isEqualTo("bomb.csv.gz");
                    });
        }
    }

    @Test
    void a_file_under_its_cap_reads_whole() throws IOException {
        byte[] small = gzipOfZeros(10L << 20);
        try (InputStream in = InflationCap.of(new GZIPInputStream(new ByteArrayInputStream(small)), small.length, "small.csv.gz")) {
            assertThat(in.transferTo(java.io.OutputStream.nullOutputStream())).isEqualTo(10L << 20);
        }
    }

    private static byte[] gzipOfZeros(long size) throws IOException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(bytes)) {
            byte[] zeros = new byte[1 << 16];
            for (long written = 0; written < size; written += zeros.length) {
                gzip.write(zeros);
            }
        }
        return bytes.toByteArray();
    }
}
