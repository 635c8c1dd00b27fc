package fr.passerelle.iae.registry.evidence;

import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Instant;
import java.util.Optional;

/**
 * The kept files in a folder of the data directory, {@code aa/bb/<name>}, read-only, never replaced: a move or a
 * hard link that refuses an existing name. A file of the flow's own is hard-linked, so that a 10 GB SIRENE stock costs
 * no copy. A kept file is on disk, with its name, before {@link #keep} returns: the leaf that names it commits after,
 * and must not outlive it when the machine stops.
 */
public final class EvidenceFolder implements EvidenceObjects {

    private final Path root;

    public EvidenceFolder(Path root) throws IOException {
        this.root = Files.createDirectories(root);
    }

    @Override
    public void keep(String name, Path file, String sha256, boolean owned, Instant until) throws IOException {
        Path object = object(name);
        if (Files.exists(object)) {
            return;
        }
        Files.createDirectories(object.getParent());
        if (owned) {
            readOnly(file);
            moveIn(file, object);
        } else {
            try {
                Files.createLink(object, file);
                readOnly(object);
            } catch (FileAlreadyExistsException keptMeanwhile) {
                // the same bytes kept by another poll or node: they are the same object
            } catch (UnsupportedOperationException | IOException otherFileSystem) {
                Path copy = Files.createTempFile(Files.createDirectories(root.resolve("incoming")), "kept", ".tmp");
                try {
                    Files.copy(file, copy, StandardCopyOption.REPLACE_EXISTING);
                    readOnly(copy);
                    moveIn(copy, object);
                } finally {
                    Files.deleteIfExists(copy);
                }
            }
        }
        durable(object);
    }

    /** fsync of the file's bytes, then of each folder entry up to the store's root, which the first keeps create. */
    private void durable(Path object) throws IOException {
        for (Path path = object; path != null && path.startsWith(root); path = path.getParent()) {
            try (FileChannel channel = FileChannel.open(path, StandardOpenOption.READ)) {
                channel.force(true);
            }
        }
    }

    /** A rename in the store's file system, which refuses to replace a kept object: write-once. */
    private static void moveIn(Path file, Path object) throws IOException {
        try {
            Files.move(file, object);
        } catch (FileAlreadyExistsException keptMeanwhile) {
            // the same bytes kept by another poll or node: that copy stays
        }
    }

    @Override
    public Optional<InputStream> open(String name) throws IOException {
        Path object = object(name);
        return Files.exists(object) ? Optional.of(Files.newInputStream(object)) : Optional.empty();
    }

    @Override
    public void remove(String name) throws IOException {
        Files.deleteIfExists(object(name));
    }

    private Path object(String name) {
        return root.resolve(name.substring(0, 2)).resolve(name.substring(2, 4)).resolve(name);
    }

    private static void readOnly(Path file) throws IOException {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("r--r-----"));
    }
}
