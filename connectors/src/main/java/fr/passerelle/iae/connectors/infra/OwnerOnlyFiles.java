package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;

/**
 * The embedded default's data folder holds the registry, keys and secrets: the folder is its owner's alone
 * ({@code 0700}) and each secret file is written readable by its owner only ({@code 0600}), where the file system
 * knows POSIX permissions.
 */
public final class OwnerOnlyFiles {

    private OwnerOnlyFiles() {
    }

    /** Creates the folder if needed and makes it {@code 0700}. */
    public static Path folder(Path dir) throws IOException {
        Files.createDirectories(dir);
        try {
            Files.setPosixFilePermissions(dir, PosixFilePermissions.fromString("rwx------"));
        } catch (UnsupportedOperationException e) {
            // not a POSIX file system: its own access rules apply
        }
        return dir;
    }

    /** Writes {@code content} under a temporary name created {@code 0600}, then renames it over {@code file}. */
    public static void write(Path file, String content) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        Files.deleteIfExists(temp);
        try {
            Files.createFile(temp, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        } catch (UnsupportedOperationException e) {
            Files.createFile(temp);
        }
        Files.writeString(temp, content, StandardCharsets.UTF_8);
        Files.move(temp, file, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    }
}
