package fr.passerelle.iae.registry.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.util.Arrays;
import java.util.Base64;
import java.util.Random;

import javax.crypto.Cipher;
import javax.crypto.spec.GCMParameterSpec;
import javax.crypto.spec.SecretKeySpec;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** The sealing of kept bytes: what goes in comes out, and any change, reordering or cut is refused. */
class EvidenceCipherTest {

    private static final int SEGMENT = 1 << 20;
    private static final int HEADER = 4 + 16 + 7;

    @TempDir
    Path home;

    @ParameterizedTest
    @ValueSource(ints = {0, 1, SEGMENT - 1, SEGMENT, SEGMENT + 1, 3 * SEGMENT + 17})
    void a_sealed_stream_opens_to_the_same_bytes_whatever_its_length(int length) throws Exception {
        EvidenceCipher cipher = new EvidenceCipher(home.resolve("store.key"));
        byte[] clear = bytes(length);
        byte[] sealed = seal(cipher, clear);
        // one segment at least, the last one sealed as such even when full
        assertThat(sealed.length).isEqualTo(HEADER + length + 16 * Math.max(1, (length + SEGMENT - 1) / SEGMENT));
        try (InputStream in = cipher.opening(new ByteArrayInputStream(sealed))) {
            assertThat(in.readAllBytes()).isEqualTo(clear);
        }
    }

    /**
     * The layout an auditor's own tool reads (issue 20): after the header, each segment is one AES-256-GCM message
     * under the nonce {@code prefix ‖ number ‖ last}, whatever pieces the hub fed its cipher with.
     */
    @Test
    void each_segment_opens_as_one_gcm_message_under_its_nonce() throws Exception {
        Path keyFile = home.resolve("store.key");
        EvidenceCipher cipher = new EvidenceCipher(keyFile);
        byte[] clear = bytes(2 * SEGMENT + 4099);
        byte[] sealed = seal(cipher, clear);
        SecretKeySpec key = new SecretKeySpec(Base64.getDecoder().decode(Files.readString(keyFile).strip()), "AES");
        byte[] prefix = Arrays.copyOfRange(sealed, 4 + 16, HEADER);
        ByteArrayOutputStream opened = new ByteArrayOutputStream();
        int at = HEADER;
        for (int number = 0; at < sealed.length; number++) {
            int length = Math.min(SEGMENT + 16, sealed.length - at);
            boolean last = at + length == sealed.length;
            byte[] nonce = ByteBuffer.allocate(12).put(prefix).putInt(number).put((byte) (last ? 1 : 0)).array();
            Cipher gcm = Cipher.getInstance("AES/GCM/NoPadding");
            gcm.init(Cipher.DECRYPT_MODE, key, new GCMParameterSpec(128, nonce));
            opened.write(gcm.doFinal(sealed, at, length));
            at += length;
        }
        assertThat(opened.toByteArray()).isEqualTo(clear);
    }

    @Test
    void a_changed_byte_a_dropped_last_segment_or_swapped_segments_are_refused() throws Exception {
        EvidenceCipher cipher = new EvidenceCipher(home.resolve("store.key"));
        byte[] sealed = seal(cipher, bytes(2 * SEGMENT + 5));
        int segment = SEGMENT + 16;

        byte[] changed = sealed.clone();
        changed[HEADER + segment + 9] ^= 1;
        assertRefused(cipher, changed, "segment 1 of the sealed stream does not open");

        // cut after a whole segment: the segment before the cut was not sealed as the last one
        byte[] cut = Arrays.copyOf(sealed, HEADER + 2 * segment);
        assertRefused(cipher, cut, "segment 1 of the sealed stream does not open");

        byte[] swapped = sealed.clone();
        System.arraycopy(sealed, HEADER, swapped, HEADER + segment, segment);
        System.arraycopy(sealed, HEADER + segment, swapped, HEADER, segment);
        assertRefused(cipher, swapped, "segment 0 of the sealed stream does not open");
    }

    @Test
    void bytes_sealed_under_another_key_are_named_as_such() throws Exception {
        EvidenceCipher ours = new EvidenceCipher(home.resolve("ours.key"));
        EvidenceCipher theirs = new EvidenceCipher(home.resolve("theirs.key"));
        byte[] sealed = seal(theirs, bytes(10));
        assertThatThrownBy(() -> ours.opening(new ByteArrayInputStream(sealed)))
                .isInstanceOf(IOException.class).hasMessage("sealed under key " + theirs.keyId() + ", which this node does not hold");
        assertThatThrownBy(() -> ours.open(theirs.seal(bytes(10)))).isInstanceOf(GeneralSecurityException.class);
        assertThat(theirs.open(theirs.seal(bytes(10)))).isEqualTo(bytes(10));
    }

    @Test
    void the_key_file_is_made_once_readable_by_its_owner_only() throws Exception {
        Path file = home.resolve("evidence/store.key");
        EvidenceCipher made = new EvidenceCipher(file);
        assertThat(Files.getPosixFilePermissions(file)).isEqualTo(PosixFilePermissions.fromString("rw-------"));
        assertThat(new EvidenceCipher(file).keyId()).isEqualTo(made.keyId());
        Files.writeString(file, "c2hvcnQ=\n");
        assertThatThrownBy(() -> new EvidenceCipher(file)).isInstanceOf(IOException.class).hasMessageContaining("is not an AES-256 key");
    }

    private static void assertRefused(EvidenceCipher cipher, byte[] sealed, String message) {
        assertThatThrownBy(() -> {
            try (InputStream in = cipher.opening(new ByteArrayInputStream(sealed))) {
                in.readAllBytes();
            }
        }).isInstanceOf(IOException.class).hasMessageContaining(message);
    }

    private static byte[] seal(EvidenceCipher cipher, byte[] clear) throws IOException {
        ByteArrayOutputStream sealed = new ByteArrayOutputStream();
        try (OutputStream out = cipher.sealing(sealed)) {
            // in uneven pieces, as a stream copy writes
            for (int at = 0; at < clear.length; at += 70_001) {
                out.write(clear, at, Math.min(70_001, clear.length - at));
            }
        }
        return sealed.toByteArray();
    }

    private static byte[] bytes(int length) {
        byte[] bytes = new byte[length];
        new Random(length).nextBytes(bytes);
        return bytes;
    }
}
