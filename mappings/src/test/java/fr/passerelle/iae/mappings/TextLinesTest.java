package fr.passerelle.iae.mappings;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;

import org.junit.jupiter.api.Test;

class TextLinesTest {

    private static Optional<Rejection> check(byte[] bytes, int max) throws Exception {
        return TextLines.check(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8, max);
    }

    private static Optional<Rejection> check(String text, int max) throws Exception {
        return check(text.getBytes(StandardCharsets.UTF_8), max);
    }

    @Test
    void FILE_01_lines_up_to_the_limit_pass_whatever_their_line_ends() throws Exception {
        assertThat(check("12345\n12345\r\n1234é\r12345", 5)).isEmpty();
        assertThat(check("", 5)).isEmpty();
    }

    @Test
    void FILE_01_a_longer_line_is_refused_naming_it_and_the_rule() throws Exception {
        var refused = check("12345\r\n123456\n", 5);

        assertThat(refused).get().extracting(Rejection::rule, Rejection::code).containsExactly("FILE-01", "LINE_TOO_LONG");
        assertThat(refused.get().message()).contains("ligne 2");
    }

    @Test
    void FILE_01_a_line_without_end_is_refused_without_reading_past_the_limit() throws Exception {
        InputStream endless = new InputStream() {
            long served;

            @Override
            public int read() {
                served++;
                return served > 1L << 34 ? -1 : 'x';
            }
        };

        assertThat(TextLines.check(endless, StandardCharsets.UTF_8, 1000)).get().extracting(Rejection::rule).isEqualTo("FILE-01");
    }

    @Test
    void FILE_02_bytes_that_are_not_text_in_the_contract_encoding_are_refused() throws Exception {
        assertThat(check("a;b\nc;d".getBytes(StandardCharsets.UTF_16), 100)).get().extracting(Rejection::rule).isEqualTo("FILE-02");
        assertThat(check(new byte[] {'a', '\n', (byte) 0xC3, 0x28}, 100)).get().extracting(Rejection::message).asString()
                .contains("UTF-8");
        assertThat(check("a\u0000b", 100)).get().extracting(Rejection::code).isEqualTo("FILE_ENCODING");
        assertThat(check("\uFEFFCODE;ID\nçà;é", 100)).isEmpty();
    }
}
