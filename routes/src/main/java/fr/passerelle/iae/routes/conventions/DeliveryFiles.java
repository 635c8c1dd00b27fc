package fr.passerelle.iae.routes.conventions;

import java.io.BufferedInputStream;
import java.io.File;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipEntry;
import java.util.zip.ZipFile;

import net.lingala.zip4j.model.LocalFileHeader;

import fr.passerelle.iae.mappings.BoundedLines;
import fr.passerelle.iae.mappings.InflationCap;
import fr.passerelle.iae.mappings.RefusedInput;
import fr.passerelle.iae.mappings.Rejection;
import fr.passerelle.iae.mappings.TextLines;
import fr.passerelle.iae.mappings.fluxiae.FluxIaeView;
import fr.passerelle.iae.registry.employer.DeliveryView;

/**
 * The files of a fluxIAE delivery on local disk (PARTNERS §2.1): a ZIP archive, whatever its extension, holding
 * one file per view, or two loose view files; each view plain or gzip-compressed. Formats are told by their
 * content, never by their names.
 */
final class DeliveryFiles {

    /**
     * {@code fluxIAE_<View>_<ddMMyyyy>_<HHmmss>.csv}, or its own archive named {@code ….csv.gz} or {@code ….riae}
     * (PARTNERS §2.1), possibly under a folder inside the delivery.
     */
    static final Pattern VIEW_FILE = Pattern.compile(
            "(?:.*/)?fluxIAE_(Structure|AnnexeFinanciere)_([0-9]{8}_[0-9]{6})(?:\\.csv(?:\\.gz|\\.riae)?|\\.riae)");

    private DeliveryFiles() {
    }

    private static final byte[] ZIP = {'P', 'K', 3, 4};

    static boolean isZip(File file) throws IOException {
        return startsWith(file, ZIP);
    }

    /** The delivery stamp of a view file name ({@code 03032025_061502}), null when the name is not a view file's. */
    static String stamp(String name) {
        Matcher matcher = VIEW_FILE.matcher(name);
        return matcher.matches() ? matcher.group(2) : null;
    }


    static DeliveryView loose(FluxIaeView view, String name, File file, char[] password) {
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
                return reader(Files.newInputStream(file.toPath()), file.length(), name, password);
            }
        };
    }

    static DeliveryView entry(FluxIaeView view, File archive, String entryName, char[] password) {
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
                }, entry.getCompressedSize(), fileName(), password);
            }
        };
    }

    /**
     * UTF-8 lines of a view, told by its bytes: plain text, gzip, or a ZIP of its own, encrypted with WinZip AES or not
     * (PARTNERS §2.1). {@code stored} is what the view takes in the delivery (the file, or the entry compressed), the
     * measure of how far it may inflate.
     */
    private static BoundedLines reader(InputStream raw, long stored, String name, char[] password) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(4);
        byte[] head = in.readNBytes(4);
        in.reset();
        InputStream content;
        if (head.length >= 2 && head[0] == 0x1f && head[1] == (byte) 0x8b) {
            content = new GZIPInputStream(in, 1 << 16);
        } else if (java.util.Arrays.equals(head, ZIP)) {
            content = innerZip(in, name, password);
        } else {
            content = in;
        }
        return new BoundedLines(new InputStreamReader(InflationCap.of(content, stored, name), StandardCharsets.UTF_8),
                TextLines.MAX_LINE);
    }

    /** The first file of a view's own ZIP, decrypted by zip4j when it is encrypted. */
    private static InputStream innerZip(InputStream in, String name, char[] password) throws IOException {
        net.lingala.zip4j.io.inputstream.ZipInputStream zip = new net.lingala.zip4j.io.inputstream.ZipInputStream(in, password);
        try {
            LocalFileHeader entry;
            while ((entry = zip.getNextEntry()) != null) {
                if (!entry.isDirectory()) {
                    return new Zip4jFailuresAsCorruption(zip);
                }
            }
        } catch (net.lingala.zip4j.exception.ZipException e) {
            zip.close();
            boolean locked = e.getType() == net.lingala.zip4j.exception.ZipException.Type.WRONG_PASSWORD
                    || String.valueOf(e.getMessage()).toLowerCase(java.util.Locale.ROOT).contains("password");
            throw new RefusedInput(new Rejection("PARTNERS-2.1", locked ? "FLUXIAE_PASSWORD" : "FLUXIAE_ARCHIVE", name,
                    locked ? "L'archive de la vue est chiffrée et le mot de passe ASP configuré ne l'ouvre pas "
                            + "(passerelle.asp.fluxiae-password) : livraison refusée, rien n'est appliqué."
                            : "L'archive de la vue ne peut pas être ouverte : livraison refusée, rien n'est appliqué."));
        }
        zip.close();
        throw new RefusedInput(new Rejection("PARTNERS-2.1", "FLUXIAE_ARCHIVE", name,
                "L'archive de la vue ne contient aucun fichier : livraison refusée, rien n'est appliqué."));
    }

    /**
     * zip4j reports a bad CRC or AES authentication code with its own exception: as {@link java.util.zip.ZipException}
     * it is what the view reader refuses as corrupt data (FILE-05), like a broken gzip.
     */
    private static final class Zip4jFailuresAsCorruption extends FilterInputStream {

        Zip4jFailuresAsCorruption(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            try {
                return super.read();
            } catch (net.lingala.zip4j.exception.ZipException e) {
                throw new java.util.zip.ZipException(e.getMessage());
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            try {
                return super.read(b, off, len);
            } catch (net.lingala.zip4j.exception.ZipException e) {
                throw new java.util.zip.ZipException(e.getMessage());
            }
        }
    }

    private static boolean startsWith(File file, byte[] magic) throws IOException {
        try (InputStream in = Files.newInputStream(file.toPath())) {
            byte[] head = in.readNBytes(magic.length);
            return java.util.Arrays.equals(head, magic);
        }
    }

}
