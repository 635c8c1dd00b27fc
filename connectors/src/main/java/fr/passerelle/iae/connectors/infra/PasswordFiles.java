package fr.passerelle.iae.connectors.infra;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Optional;

/** Passwords of the embedded servers, generated once and kept in a file readable by its owner only. */
final class PasswordFiles {

    private PasswordFiles() {
    }

    /** The password kept in {@code file}, if there is one. */
    static Optional<String> read(Path file) throws IOException {
        if (!Files.exists(file)) {
            return Optional.empty();
        }
        String password = Files.readString(file, StandardCharsets.UTF_8).trim();
        return password.isEmpty() ? Optional.empty() : Optional.of(password);
    }

    /** A new random password, written to {@code file} ({@code 0600}). */
    static String create(Path file) throws IOException {
        byte[] random = new byte[18];
        new SecureRandom().nextBytes(random);
        String password = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        OwnerOnlyFiles.write(file, password + "\n");
        return password;
    }

    static String readOrCreate(Path file) throws IOException {
        Optional<String> kept = read(file);
        return kept.isPresent() ? kept.get() : create(file);
    }
}
