package fr.passerelle.iae.registry.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class CheckpointSignerTest {

    @TempDir
    Path home;

    @Test
    void the_key_is_made_once_readable_by_its_owner_only_and_found_again() throws IOException {
        Path file = home.resolve("evidence/checkpoint-signing.key");
        CheckpointSigner made = CheckpointSigner.fromFile(file);
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
        CheckpointSigner again = CheckpointSigner.fromFile(file);
        assertThat(again.keyId()).isEqualTo(made.keyId()).hasSize(64);

        byte[] note = EvidenceSealer.note(3, new byte[32]).getBytes(StandardCharsets.UTF_8);
        byte[] signature = made.sign(note);
        assertThat(CheckpointSigner.verify(again.publicKey(), note, signature)).isTrue();
        assertThat(CheckpointSigner.verify(again.publicKey(), EvidenceSealer.note(4, new byte[32]).getBytes(StandardCharsets.UTF_8),
                signature)).isFalse();
        assertThat(CheckpointSigner.verify(CheckpointSigner.fromFile(home.resolve("other.key")).publicKey(), note, signature)).isFalse();
    }

    @Test
    void a_file_that_is_not_an_ed25519_pair_is_refused_by_name() throws IOException {
        Path file = Files.writeString(home.resolve("broken.key"), "not a key\n");
        assertThatThrownBy(() -> CheckpointSigner.fromFile(file)).isInstanceOf(IOException.class)
                .hasMessageContaining(file.toString()).hasMessageContaining("not an Ed25519 key pair");
        // a private key with another pair's public key
        String[] one = Files.readString(made(home.resolve("one.key"))).split("\n");
        String[] two = Files.readString(made(home.resolve("two.key"))).split("\n");
        Path mixed = Files.writeString(home.resolve("mixed.key"), one[0] + "\n" + two[1] + "\n");
        assertThatThrownBy(() -> CheckpointSigner.fromFile(mixed)).isInstanceOf(IOException.class)
                .hasMessageContaining("the public key is not the private key's");
    }

    private static Path made(Path file) throws IOException {
        CheckpointSigner.fromFile(file);
        return file;
    }
}
