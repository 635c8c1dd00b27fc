package fr.passerelle.iae.registry.evidence;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.CertPathBuilder;
import java.security.cert.CertStore;
import java.security.cert.CertificateFactory;
import java.security.cert.CollectionCertStoreParameters;
import java.security.cert.PKIXBuilderParameters;
import java.security.cert.TrustAnchor;
import java.security.cert.X509CertSelector;
import java.security.cert.X509Certificate;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;

import org.bouncycastle.asn1.nist.NISTObjectIdentifiers;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509CertificateHolder;
import org.bouncycastle.cms.CMSException;
import org.bouncycastle.cms.CMSSignedData;
import org.bouncycastle.cms.jcajce.JcaSimpleSignerInfoVerifierBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.tsp.TSPException;
import org.bouncycastle.tsp.TimeStampToken;
import org.bouncycastle.tsp.TimeStampTokenInfo;
import org.springframework.jdbc.core.JdbcTemplate;

import fr.passerelle.iae.registry.Sha256;

/**
 * Checks an RFC 3161 token over a checkpoint as {@code openssl ts -verify} would: its message imprint is the SHA-256
 * of the checkpoint's note, it is signed by its TSA certificate (with that certificate named in its signed
 * attributes, and its extended key usage critical and id-kp-timeStamping only), and that certificate chains to the
 * root of the stored chain at the token's time.
 */
public final class TimestampTokenCheck {

    /** What a token that holds says: when, and by which authority (its TSA certificate's subject). */
    public record Stamp(Instant at, String authority) {
    }

    /** The token does not hold; the message says what of it does not. */
    public static final class Refused extends Exception {
        Refused(String message) {
            super(message);
        }
    }

    private TimestampTokenCheck() {
    }

    public static Stamp verify(byte[] der, String note, String chainPem) throws Refused {
        TimeStampToken token;
        try {
            token = new TimeStampToken(new CMSSignedData(der));
        } catch (CMSException | TSPException | IOException | IllegalArgumentException e) {
            throw new Refused("its timestamp token is not an RFC 3161 token");
        }
        TimeStampTokenInfo info = token.getTimeStampInfo();
        if (!NISTObjectIdentifiers.id_sha256.equals(info.getMessageImprintAlgOID())
                || !MessageDigest.isEqual(info.getMessageImprintDigest(), Sha256.bytes(note.getBytes(StandardCharsets.UTF_8)))) {
            throw new Refused("its timestamp token is not over its note");
        }
        List<X509Certificate> chain = certificates(chainPem);
        X509Certificate tsa = tsaCertificate(token, chain);
        try {
            token.validate(new JcaSimpleSignerInfoVerifierBuilder().build(tsa));
        } catch (TSPException | OperatorCreationException e) {
            throw new Refused("its timestamp token does not verify with its TSA certificate: " + e.getMessage());
        }
        chainsToRoot(tsa, chain, info);
        return new Stamp(info.getGenTime().toInstant(), tsa.getSubjectX500Principal().getName());
    }

    /** Each stored token checked against its checkpoint's note and its stored chain; each fault names the checkpoint. */
    static void checkStored(JdbcTemplate jdbc, Consumer<String> faults) {
        jdbc.query("""
                SELECT t.checkpoint_size, t.token, c.note, t.chain_id, ch.pem, t.stamped_at
                FROM evidence_timestamp t JOIN evidence_checkpoint c ON c.size = t.checkpoint_size
                JOIN evidence_tsa_chain ch ON ch.chain_id = t.chain_id ORDER BY t.checkpoint_size""", (ResultSet rs) -> {
            String name = "checkpoint " + rs.getLong(1) + ": ";
            if (!Sha256.of(rs.getString(5)).equals(rs.getString(4))) {
                faults.accept(name + "its timestamp's stored chain does not hash to its id " + rs.getString(4));
            }
            try {
                Stamp stamp = verify(rs.getBytes(2), rs.getString(3), rs.getString(5));
                if (!stamp.at().equals(rs.getTimestamp(6).toInstant())) {
                    faults.accept(name + "its timestamp's stored time is not its token's");
                }
            } catch (Refused refused) {
                faults.accept(name + refused.getMessage());
            }
        });
    }

    private static X509Certificate tsaCertificate(TimeStampToken token, List<X509Certificate> chain) throws Refused {
        try {
            @SuppressWarnings("unchecked")
            Collection<X509CertificateHolder> inToken = token.getCertificates().getMatches(token.getSID());
            if (!inToken.isEmpty()) {
                return new JcaX509CertificateConverter().getCertificate(inToken.iterator().next());
            }
            // a token asked for without its certificate: the stored chain may hold it
            for (X509Certificate candidate : chain) {
                if (token.getSID().match(new JcaX509CertificateHolder(candidate))) {
                    return candidate;
                }
            }
        } catch (GeneralSecurityException e) {
            throw new Refused("its timestamp token's TSA certificate cannot be read");
        }
        throw new Refused("its timestamp token's TSA certificate is in neither the token nor the stored chain");
    }

    private static void chainsToRoot(X509Certificate tsa, List<X509Certificate> chain, TimeStampTokenInfo info) throws Refused {
        Set<TrustAnchor> roots = chain.stream().filter(c -> c.getSubjectX500Principal().equals(c.getIssuerX500Principal()))
                .map(c -> new TrustAnchor(c, null)).collect(Collectors.toSet());
        if (roots.isEmpty()) {
            throw new Refused("its timestamp's stored chain has no root");
        }
        try {
            X509CertSelector target = new X509CertSelector();
            target.setCertificate(tsa);
            PKIXBuilderParameters parameters = new PKIXBuilderParameters(roots, target);
            // no revocation lists for a stored token: what counts is the chain as it stood at the token's time
            parameters.setRevocationEnabled(false);
            parameters.setDate(info.getGenTime());
            List<X509Certificate> others = new ArrayList<>(chain);
            others.add(tsa);
            parameters.addCertStore(CertStore.getInstance("Collection", new CollectionCertStoreParameters(others)));
            CertPathBuilder.getInstance("PKIX").build(parameters);
        } catch (GeneralSecurityException e) {
            throw new Refused("its timestamp's TSA certificate does not chain to the stored root: " + e.getMessage());
        }
    }

    private static List<X509Certificate> certificates(String pem) throws Refused {
        try {
            return CertificateFactory.getInstance("X.509").generateCertificates(new ByteArrayInputStream(pem.getBytes(StandardCharsets.US_ASCII)))
                    .stream().map(X509Certificate.class::cast).toList();
        } catch (GeneralSecurityException e) {
            throw new Refused("its timestamp's stored chain is not PEM certificates");
        }
    }
}
