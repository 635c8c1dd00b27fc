package fr.passerelle.iae.mappings.fluxiae;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;

import org.junit.jupiter.api.Test;

import net.lingala.zip4j.io.outputstream.ZipOutputStream;
import net.lingala.zip4j.model.ZipParameters;
import net.lingala.zip4j.model.enums.EncryptionMethod;

/** A view's bytes are told by their content (PARTNERS §2.1), never by their name. */
class FluxIaeFileContentTest {

    private static final String NAME = "fluxIAE_AnnexeFinanciere_03032025_061502.riae";
    private static final String TEXT = FluxIaeFileTest.HEADER + "\n" + FluxIaeFileTest.ROW + "\nFIN1\n";
    private static final char[] SECRET = "secret-asp".toCharArray();

    @Test
    void PARTNERS_2_1_plain_gzip_a_zip_and_an_AES_encrypted_zip_of_its_own_read_as_the_same_rows() throws Exception {
        byte[] plain = TEXT.getBytes(StandardCharsets.UTF_8);
        for (byte[] bytes : new byte[][] {plain, gzip(plain), zip(plain, null), zip(plain, SECRET)}) {
            try (FluxIaeFile file = open(bytes, SECRET)) {
                assertThat(file.next().get(FluxIaeView.Columns.AF_STATE)).isEqualTo("VALIDE");
                assertThat(file.next()).isNull();
                assertThat(file.finLine()).isTrue();
            }
        }
    }

    @Test
    void PARTNERS_2_1_an_encrypted_view_that_the_configured_password_does_not_open_is_refused_naming_the_file() throws IOException {
        byte[] locked = zip(TEXT.getBytes(StandardCharsets.UTF_8), SECRET);
        assertThatThrownBy(() -> open(locked, "another".toCharArray()))
                .isInstanceOf(FluxIaeRefusal.class)
                .satisfies(e -> {
                    assertThat(((FluxIaeRefusal) e).rejection().code()).isEqualTo("FLUXIAE_PASSWORD");
                    assertThat(((FluxIaeRefusal) e).rejection().field()).isEqualTo(NAME);
                });
    }

    @Test
    void FILE_04_a_view_inflating_past_its_bound_is_refused_while_read() throws Exception {
        // 80 MiB of rows from a few hundred KiB: past the 64 MiB floor of the cap
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] mebibyte = (FluxIaeFileTest.ROW + "\n").repeat((1 << 20) / (FluxIaeFileTest.ROW.length() + 1))
                .getBytes(StandardCharsets.UTF_8);
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write((FluxIaeFileTest.HEADER + "\n").getBytes(StandardCharsets.UTF_8));
            for (int i = 0; i < 80; i++) {
                gzip.write(mebibyte);
            }
        }
        assertThatThrownBy(() -> {
            try (FluxIaeFile file = open(out.toByteArray(), null)) {
                while (file.next() != null) {
                    // read until refused
                }
            }
        }).isInstanceOf(FluxIaeRefusal.class).extracting(e -> ((FluxIaeRefusal) e).rejection().rule()).isEqualTo("FILE-04");
    }

    @Test
    void FILE_05_an_encrypted_view_altered_on_the_way_is_refused_as_corrupt_data_not_a_fault_of_the_hub() throws IOException {
        byte[] altered = zip((FluxIaeFileTest.HEADER + "\n" + (FluxIaeFileTest.ROW + "\n").repeat(2000) + "FIN2000\n")
                .getBytes(StandardCharsets.UTF_8), SECRET);
        // a byte of the encrypted data: zip4j finds the AES authentication code wrong at the end of the entry
        altered[altered.length / 3] ^= 0x01;
        assertThatThrownBy(() -> {
            try (FluxIaeFile file = open(altered, SECRET)) {
                while (file.next() != null) {
                    // read until refused
                }
            }
        }).isInstanceOf(FluxIaeRefusal.class).extracting(e -> ((FluxIaeRefusal) e).rejection().code())
                .isEqualTo("COMPRESSED_DATA_CORRUPT");
    }

    @Test
    void FILE_05_gzip_magic_bytes_over_no_gzip_are_refused_as_corrupt_data() {
        byte[] bytes = {0x1f, (byte) 0x8b, 'n', 'o', 't', ' ', 'g', 'z', 'i', 'p'};
        assertThatThrownBy(() -> open(bytes, null)).isInstanceOf(FluxIaeRefusal.class)
                .extracting(e -> ((FluxIaeRefusal) e).rejection().code()).isEqualTo("COMPRESSED_DATA_CORRUPT");
    }

    private static FluxIaeFile open(byte[] bytes, char[] password) throws Exception {
        return FluxIaeFile.open(new ByteArrayInputStream(bytes), bytes.length, NAME, FluxIaeView.ANNEXE_FINANCIERE, password);
    }

    private static byte[] gzip(byte[] bytes) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (GZIPOutputStream gzip = new GZIPOutputStream(out)) {
            gzip.write(bytes);
        }
        return out.toByteArray();
    }

    private static byte[] zip(byte[] bytes, char[] password) throws IOException {
        ZipParameters parameters = new ZipParameters();
        parameters.setFileNameInZip("fluxIAE_AnnexeFinanciere_03032025_061502.csv");
        if (password != null) {
            parameters.setEncryptFiles(true);
            parameters.setEncryptionMethod(EncryptionMethod.AES);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(out, password)) {
            zip.putNextEntry(parameters);
            zip.write(bytes);
            zip.closeEntry();
        }
        return out.toByteArray();
    }
}
