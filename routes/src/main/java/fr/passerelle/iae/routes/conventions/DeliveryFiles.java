package fr.passerelle.iae.routes.conventions;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.InflationCap;
import fr.passerelle.iae.mappings.TextLines;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.registry.employer.DeliveryView;

/**
 * The files of a fluxIAE delivery on local disk (PARTNERS §2.1): a ZIP archive, whatever its extension, holding
 * one file per view, or two loose view files; each view plain or gzip-compressed. Formats are told by their
 * content, never by their names.
 */
final class DeliveryFiles {

    /** {@code fluxIAE_<View>_<ddMMyyyy>_<HHmmss>.csv[.gz]}, possibly under a folder inside an archive. */
    static final Pattern VIEW_FILE = Pattern.compile("(?:.*/)?fluxIAE_(Structure|AnnexeFinanciere)_([0-9]{8}_[0-9]{6})\\.csv(?:\\.gz)?");

    private DeliveryFiles() {
    }

    static boolean isZip(File file) throws IOException {
        return startsWith(file, new byte[] {'P', 'K', 3, 4});
    }

    /** The delivery stamp of a view file name ({@code 03032025_061502}), null when the name is not a view file's. */
    static String stamp(String name) {
        Matcher matcher = VIEW_FILE.matcher(name);
        return matcher.matches() ? matcher.group(2) : null;
    }

    static String sha256(List<File> files) throws IOException {
        MessageDigest digest = sha256();
        byte[] buffer = new byte[1 << 16];
        for (File file : files) {
            try (InputStream in = new DigestInputStream(Files.newInputStream(file.toPath()), digest)) {
                while (in.read(buffer) >= 0) {
                    // reading feeds the digest
                }
            }
        }
        return HexFormat.of().formatHex(digest.digest());
    }

    static DeliveryView loose(FluxIaeView view, String name, File file) {
        return new DeliveryView() {
            @Override
            public FluxIaeView view() {
                return view;
            }

            @Override
            public String fileName() {
                return name;
            }

            @Override
            public BoundedLines open() throws IOException {
                return reader(Files.newInputStream(file.toPath()), file.length(), name);
            }
        };
    }

    static DeliveryView entry(FluxIaeView view, File archive, String entryName) {
        return new DeliveryView() {
            @Override
            public FluxIaeView view() {
                return view;
            }

            @Override
            public String fileName() {
                return entryName.substring(entryName.lastIndexOf('/') + 1);
            }

            @Override
            public BoundedLines open() throws IOException {
                ZipFile zip = new ZipFile(archive);
                ZipEntry entry = zip.getEntry(entryName);
                // closing the reader closes the archive
                return reader(new FilterInputStream(zip.getInputStream(entry)) {
                    @Override
                    public void close() throws IOException {
                        try {
                            super.close();
                        } finally {
                            zip.close();
                        }
                    }
                }, entry.getCompressedSize(), fileName());
            }
        };
    }

    /**
     * UTF-8 lines of a view, gunzipped when the bytes say gzip; {@code stored} is what the view takes in the delivery
     * (the file, or the entry compressed), the measure of how far it may inflate.
     */
    private static BoundedLines reader(InputStream raw, long stored, String name) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int first = in.read();
        int second = in.read();
        in.reset();
        InputStream content = first == 0x1f && second == 0x8b ? new GZIPInputStream(in, 1 << 16) : in;
        return new BoundedLines(new InputStreamReader(InflationCap.of(content, stored, name), StandardCharsets.UTF_8),
                TextLines.MAX_LINE);
    }

    private static boolean startsWith(File file, byte[] magic) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            byte[] head = in.readNBytes(magic.length);
            return java.util.Arrays.equals(head, magic);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
