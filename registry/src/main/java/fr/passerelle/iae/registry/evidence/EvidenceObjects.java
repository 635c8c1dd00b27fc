package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Optional;

/**
 * Where the kept files lie, write-once, each under a name made of its SHA-256: a folder of the data directory
 * ({@link EvidenceFolder}, the default) or an S3-compatible bucket with object lock (configured in routes).
 */
public interface EvidenceObjects {

    /**
     * Keeps {@code file} as {@code name} until {@code until}; nothing when that name is kept already (the same bytes).
     *
     * @param sha256 the SHA-256 of the file's bytes, hex, when they are the clear bytes the name is made of; null when
     *               they are sealed
     * @param owned  the file is the store's own copy, which it may move; otherwise it is the flow's, left in place
     */
    void keep(String name, Path file, String sha256, boolean owned, Instant until) throws IOException;

    /** The bytes kept under that name; empty when there are none. */
    Optional<InputStream> open(String name) throws IOException;

    /** Removes the bytes kept under that name, once their retention has ended. */
    void remove(String name) throws IOException;
}
