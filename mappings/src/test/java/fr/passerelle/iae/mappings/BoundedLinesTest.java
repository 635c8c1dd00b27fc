package fr.passerelle.iae.mappings;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.Reader;
import java.io.StringReader;
import java.util.ArrayList;
import java.util.List;

import org.junit.jupiter.api.Test;

class BoundedLinesTest {

    @Test
    void lines_end_as_BufferedReader_ends_them() throws IOException {
        String text = "a|b\r\nc\rd\n\ne\r\r\nlast";
        assertThat(lines(new StringReader(text), 100)).isEqualTo(bufferedReaderLines(text)).hasSize(7);
        assertThat(lines(new StringReader("x\n"), 100)).containsExactly("x");
        assertThat(lines(new StringReader(""), 100)).isEmpty();
    }

    @Test
    void a_CR_LF_split_across_two_reads_is_one_line_end() throws IOException {
        // a reader that hands out one character at a time puts every CR and LF in different reads
        String text = "one\r\ntwo\r\n\r\nthree";
        assertThat(lines(oneCharAtATime(text), 100)).isEqualTo(bufferedReaderLines(text));
    }

    @Test
    void FILE_01_a_line_longer_than_the_maximum_is_refused_before_it_is_held() {
        String text = "ok\n" + "x".repeat(200_000) + "\nnext";
        assertThatThrownBy(() -> lines(new StringReader(text), 100_000))
                .isInstanceOf(RefusedInput.class)
                .satisfies(e -> {
                    Rejection why = ((RefusedInput) e).rejection();
                    assertThat(why.rule()).isEqualTo("FILE-01");
                    assertThat(why.code()).isEqualTo("LINE_TOO_LONG");
                    assertThat(why.message()).contains("ligne 2");
                });
    }

    @Test
    void a_line_of_exactly_the_maximum_is_read() throws IOException {
        assertThat(lines(new StringReader("y".repeat(100_000) + "\nz"), 100_000)).containsExactly("y".repeat(100_000), "z");
    }

    private static List<String> lines(Reader reader, int max) throws IOException {
        List<String> lines = new ArrayList<>();
        try (BoundedLines in = new BoundedLines(reader, max)) {
            String line;
            while ((line = in.readLine()) != null) {
                lines.add(line);
            }
            assertThat(in.linesRead()).isEqualTo(lines.size());
        }
        return lines;
    }

    private static List<String> bufferedReaderLines(String text) throws IOException {
        return new BufferedReader(new StringReader(text)).lines().toList();
    }

    private static Reader oneCharAtATime(String text) {
        return new Reader() {
            private int pos;

            @Override
            public int read(char[] buffer, int off, int len) {
                if (pos >= text.length()) {
                    return -1;
                }
                buffer[off] = text.charAt(pos++);
                return 1;
            }

            @Override
            public void close() {
            }
        };
    }
}
