package fr.passerelle.iae.registry.evidence;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import fr.passerelle.iae.connectors.timestamp.EmbeddedTimestampAuthority;
import fr.passerelle.iae.connectors.timestamp.TimestampClient;
import fr.passerelle.iae.registry.Sha256;

/** A token of the embedded authority holds for its checkpoint's note and chain, and for nothing else. */
class TimestampTokenCheckTest {

    private static final String NOTE = EvidenceSealer.note(3, new byte[32]);

    @TempDir
    Path folder;

    @Test
    void a_token_of_the_embedded_authority_over_the_note_holds_with_its_chain() throws Exception {
        try (EmbeddedTimestampAuthority authority = EmbeddedTimestampAuthority.start(folder, 0)) {
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            TimestampTokenCheck.Stamp stamp = TimestampTokenCheck.verify(stamp(authority, NOTE), NOTE, authority.chain().chainPem());

            assertThat(stamp.at()).isBetween(before, Instant.now());
            assertThat(stamp.authority()).contains("NOT QUALIFIED - Passerelle IAE embedded test authority");
        }
    }

    @Test
    void a_token_over_another_note_a_changed_token_or_another_root_is_refused_by_name() throws Exception {
        try (EmbeddedTimestampAuthority authority = EmbeddedTimestampAuthority.start(folder.resolve("one"), 0);
             EmbeddedTimestampAuthority other = EmbeddedTimestampAuthority.start(folder.resolve("other"), 0)) {
            String chain = authority.chain().chainPem();
            byte[] token = stamp(authority, NOTE);

            assertThatThrownBy(() -> TimestampTokenCheck.verify(stamp(authority, EvidenceSealer.note(4, new byte[32])), NOTE, chain))
                    .hasMessage("its timestamp token is not over its note");
            byte[] changed = token.clone();
            // the last bytes are the signature's
            changed[changed.length - 2] ^= 1;
            assertThatThrownBy(() -> TimestampTokenCheck.verify(changed, NOTE, chain))
                    .hasMessageStartingWith("its timestamp token does not verify with its TSA certificate");
            assertThatThrownBy(() -> TimestampTokenCheck.verify(token, NOTE, other.chain().chainPem()))
                    .hasMessageStartingWith("its timestamp's TSA certificate does not chain to the stored root");
            assertThatThrownBy(() -> TimestampTokenCheck.verify(new byte[] {1, 2, 3}, NOTE, chain))
                    .hasMessage("its timestamp token is not an RFC 3161 token");
        }
    }

    private static byte[] stamp(EmbeddedTimestampAuthority authority, String note) {
        return new TimestampClient(authority.url(), Duration.ofSeconds(2), Duration.ofSeconds(5))
                .stamp(Sha256.bytes(note.getBytes(StandardCharsets.UTF_8)));
    }
}
