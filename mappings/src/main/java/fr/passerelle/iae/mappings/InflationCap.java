package fr.passerelle.iae.mappings;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Rule {@code FILE-04}: what a compressed partner file (gzip, ZIP entry) inflates to is capped, so that a small bomb
 * cannot fill the disk, the staging tables or hours of CPU. The cap is {@value #RATIO} times the compressed size (the
 * ratio Apache POI and most unzip guards use; real partner CSVs compress 5 to 30 times), never below {@value #FLOOR_MB}
 * MiB (tiny files can compress better) nor above {@value #CEILING_GB} GiB (a SIRENE stock is about 8 GiB).
 */
public final class InflationCap extends FilterInputStream {

    static final long RATIO = 100;
    static final long FLOOR_MB = 64;
    static final long CEILING_GB = 32;

    private final long cap;
    private final String what;
    private long read;

    private InflationCap(InputStream inflated, long cap, String what) {
        super(inflated);
        this.cap = cap;
        this.what = what;
    }

    /** The inflated stream of {@code what}, whose compressed form is {@code compressedSize} bytes. */
    public static InputStream of(InputStream inflated, long compressedSize, String what) {
        long cap = Math.min(CEILING_GB << 30, Math.max(FLOOR_MB << 20, compressedSize * RATIO));
        return new InflationCap(inflated, cap, what);
    }

    @Override
    public int read() throws IOException {
        int b = super.read();
        if (b >= 0) {
            count(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = super.read(b, off, len);
        if (n > 0) {
            count(n);
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        long skipped = super.skip(n);
        count(skipped);
        return skipped;
    }

    private void count(long n) throws RefusedInput {
        read += n;
        if (read > cap) {
            throw new RefusedInput(new Rejection("FILE-04", "INFLATED_TOO_LARGE", what, "Décompressé, le fichier dépasse "
                    + (cap >> 20) + " Mio (" + RATIO + " fois sa taille compressée au plus) : fichier refusé à partir de là."));
        }
    }
}
