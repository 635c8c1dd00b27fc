package fr.passerelle.iae.connectors.timestamp;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.time.Duration;

import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.tsp.TimeStampToken;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The embedded authority answers the client with a token over the digest asked for, by its own chain, kept in files. */
class EmbeddedTimestampAuthorityTest {

    @TempDir
    Path folder;

    @Test
    void the_client_gets_a_token_over_its_digest_signed_by_the_not_qualified_tsa_certificate_of_the_root() throws Exception {
        byte[] digest = MessageDigest.getInstance("SHA-256").digest("passerelle-iae/exchange-journal\n1\nAAAA\n".getBytes(StandardCharsets.UTF_8));
        try (EmbeddedTimestampAuthority authority = EmbeddedTimestampAuthority.start(folder, 0)) {
            TimeStampToken token = new TimeStampToken(new CMSSignedData(client(authority).stamp(digest)));

            assertThat(token.getTimeStampInfo().getMessageImprintDigest()).isEqualTo(digest);
            assertThat(token.getTimeStampInfo().getPolicy()).isEqualTo(EmbeddedTimestampAuthority.TEST_POLICY);
            EmbeddedAuthorityChain chain = authority.chain();
            // signature, signing-certificate attribute, and the certificate's critical id-kp-timeStamping
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(chain.tsa()));
            assertThat(token.getCertificates().getMatches(token.getSID())).hasSize(1);
            chain.tsa().verify(chain.root().getPublicKey());
            assertThat(chain.tsa().getSubjectX500Principal().getName()).contains("NOT QUALIFIED - Passerelle IAE embedded test authority");
            assertThat(chain.root().getSubjectX500Principal().getName()).contains("NOT QUALIFIED");
        }
    }

    @Test
    void its_chain_is_made_once_and_read_from_its_files_after_a_restart() throws Exception {
        EmbeddedAuthorityChain first;
        try (EmbeddedTimestampAuthority authority = EmbeddedTimestampAuthority.start(folder, 0)) {
            first = authority.chain();
        }
        assertThat(folder.resolve("root.pem")).exists();
        assertThat(folder.resolve("tsa.pem")).exists();
        assertThat(folder.resolve("tsa-key.pem")).exists();
        try (EmbeddedTimestampAuthority again = EmbeddedTimestampAuthority.start(folder, 0)) {
            assertThat(again.chain().root().getEncoded()).isEqualTo(first.root().getEncoded());
            assertThat(again.chain().tsa().getEncoded()).isEqualTo(first.tsa().getEncoded());
            assertThat(again.chain().chainPem()).isEqualTo(first.chainPem());
            new TimeStampToken(new CMSSignedData(client(again).stamp(new byte[32])))
                    .validate(new JcaSimpleSignerInfoVerifierBuilder().build(first.tsa()));
        }
    }

    @Test
    void an_authority_that_is_down_or_gone_gives_no_token_and_a_reason() throws Exception {
        EmbeddedTimestampAuthority authority = EmbeddedTimestampAuthority.start(folder, 0);
        TimestampClient client = client(authority);
        authority.failing(true);
        assertThatThrownBy(() -> client.stamp(new byte[32])).isInstanceOfSatisfying(TimestampUnavailable.class,
                e -> assertThat(e.reason()).isEqualTo("HTTP_503"));
        authority.failing(false);
        assertThat(client.stamp(new byte[32])).isNotEmpty();
        authority.close();
        assertThatThrownBy(() -> client.stamp(new byte[32])).isInstanceOfSatisfying(TimestampUnavailable.class,
                e -> assertThat(e.reason()).isEqualTo("NETWORK"));
    }

    private static TimestampClient client(EmbeddedTimestampAuthority authority) {
        return new TimestampClient(authority.url(), Duration.ofSeconds(2), Duration.ofSeconds(5));
    }
}
