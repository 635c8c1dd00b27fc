package fr.passerelle.iae.mappings.asp;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;

/**
 * One upload file being filled (PARTNERS §1.3): at most {@value #MAX_LINES} lines and {@value #MAX_BYTES} bytes, closed
 * as soon as adding a line would break either limit. Lines are numbered from 1 in the order they are added.
 */
public final class AspFileBuilder {

    /** ASP rejects more than 700 lines per file. */
    public static final int MAX_LINES = 700;
    /** 2 MiB: ASP rejects a bigger file. */
    public static final int MAX_BYTES = 2 * 1024 * 1024;

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final byte[] HEAD = "{\"msgInformatif\":null,\"telId\":null,\"lignesTelechargement\":[".getBytes(StandardCharsets.UTF_8);
    private static final byte[] TAIL = "]}".getBytes(StandardCharsets.UTF_8);

    private final String movement;
    private final int maxLines;
    private final int maxBytes;
    private final ByteArrayOutputStream lines = new ByteArrayOutputStream();
    private int count;

    public AspFileBuilder(String movement) {
        this(movement, MAX_LINES, MAX_BYTES);
    }

    /** Smaller limits, for tests of the limits themselves. */
    public AspFileBuilder(String movement, int maxLines, int maxBytes) {
        this.movement = movement;
        this.maxLines = maxLines;
        this.maxBytes = maxBytes;
    }

    /** The JSON of a line as it is written in the file, with its number. */
    public static byte[] json(AspLine line) {
        try {
            return JSON.writeValueAsBytes(line);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException("an ASP line is always serialisable", e);
        }
    }

    /**
     * Adds the line as number {@code count + 1}; empty when the file is full (then nothing was added).
     *
     * @return the bytes written for that line
     * @throws IllegalArgumentException for a line of the other kind of movement: one kind per file
     */
    public java.util.Optional<byte[]> add(AspLine line) {
        if (!movement.equals(line.typeMouvement())) {
            throw new IllegalArgumentException("one kind of movement per file: " + movement + " file, " + line.typeMouvement() + " line");
        }
        if (count >= maxLines) {
            return java.util.Optional.empty();
        }
        byte[] bytes = json(line.numbered(count + 1));
        int separator = count == 0 ? 0 : 1;
        if (HEAD.length + lines.size() + separator + bytes.length + TAIL.length > maxBytes) {
            return java.util.Optional.empty();
        }
        if (separator == 1) {
            lines.write(',');
        }
        lines.writeBytes(bytes);
        count++;
        return java.util.Optional.of(bytes);
    }

    public int lineCount() {
        return count;
    }

    public String movement() {
        return movement;
    }

    /** The file's content: UTF-8 JSON without BOM. */
    public byte[] content() {
        ByteArrayOutputStream file = new ByteArrayOutputStream(HEAD.length + lines.size() + TAIL.length);
        file.writeBytes(HEAD);
        file.writeBytes(lines.toByteArray());
        file.writeBytes(TAIL);
        return file.toByteArray();
    }
}
