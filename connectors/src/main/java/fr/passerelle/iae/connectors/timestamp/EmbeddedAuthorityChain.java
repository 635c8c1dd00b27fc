package fr.passerelle.iae.connectors.timestamp;

import java.io.IOException;
import java.io.StringReader;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.SecureRandom;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;

import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.openssl.jcajce.JcaPKCS8Generator;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

import fr.passerelle.iae.connectors.infra.OwnerOnlyFiles;

/**
 * The embedded authority's own certificates: a root CA and the TSA certificate it issued (critical extended key usage
 * id-kp-timeStamping, as RFC 3161 §2.3 requires), both named NOT QUALIFIED so that no one mistakes its tokens for a
 * qualified authority's. Made on first start in a folder ({@code root.pem}, {@code tsa.pem}, {@code tsa-key.pem}) and
 * read from it after: the tokens already stored keep verifying against the same root.
 */
public record EmbeddedAuthorityChain(X509Certificate root, X509Certificate tsa, PrivateKey tsaKey) {

    public static final String NAME = "NOT QUALIFIED - Passerelle IAE embedded test authority";

    private static final String SIGNATURE = "SHA256withECDSA";

    public static EmbeddedAuthorityChain inFolder(Path folder) throws IOException {
        Path root = folder.resolve("root.pem");
        Path tsa = folder.resolve("tsa.pem");
        Path key = folder.resolve("tsa-key.pem");
        // tsa.pem is written last: without it, an earlier start stopped half way
        if (!Files.exists(tsa)) {
            EmbeddedAuthorityChain made = make();
            OwnerOnlyFiles.folder(folder);
            OwnerOnlyFiles.write(root, pem(made.root()));
            // PKCS#8 ("PRIVATE KEY"), which openssl reads too
            OwnerOnlyFiles.write(key, pem(new JcaPKCS8Generator(made.tsaKey(), null)));
            OwnerOnlyFiles.write(tsa, pem(made.tsa()));
            return made;
        }
        try {
            return new EmbeddedAuthorityChain(certificate(Files.readString(root)), certificate(Files.readString(tsa)),
                    new JcaPEMKeyConverter().getPrivateKey((PrivateKeyInfo) read(Files.readString(key))));
        } catch (GeneralSecurityException | ClassCastException e) {
            throw new IOException("the embedded timestamp authority's files in " + folder + " are not its chain: " + e.getMessage(), e);
        }
    }

    /** The TSA certificate then the root, PEM: what an auditor needs to verify the tokens. */
    public String chainPem() {
        return pem(tsa) + pem(root);
    }

    private static EmbeddedAuthorityChain make() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair rootKeys = generator.generateKeyPair();
            KeyPair tsaKeys = generator.generateKeyPair();
            X500Name rootName = new X500Name("CN=" + NAME + " root CA, O=Passerelle IAE");
            X500Name tsaName = new X500Name("CN=" + NAME + ", O=Passerelle IAE");
            Instant now = Instant.now();
            JcaX509ExtensionUtils extensions = new JcaX509ExtensionUtils();

            X509v3CertificateBuilder rootBuilder = new JcaX509v3CertificateBuilder(rootName, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365 * 30))), rootName, rootKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(true))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(rootKeys.getPublic()));
            X509Certificate root = signed(rootBuilder, rootKeys.getPrivate());

            X509v3CertificateBuilder tsaBuilder = new JcaX509v3CertificateBuilder(root, serial(), Date.from(now.minus(Duration.ofDays(1))),
                    Date.from(now.plus(Duration.ofDays(365 * 20))), tsaName, tsaKeys.getPublic())
                    .addExtension(Extension.basicConstraints, true, new BasicConstraints(false))
                    .addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature | KeyUsage.nonRepudiation))
                    .addExtension(Extension.extendedKeyUsage, true, new ExtendedKeyUsage(KeyPurposeId.id_kp_timeStamping))
                    .addExtension(Extension.subjectKeyIdentifier, false, extensions.createSubjectKeyIdentifier(tsaKeys.getPublic()))
                    .addExtension(Extension.authorityKeyIdentifier, false, extensions.createAuthorityKeyIdentifier(root));
            // the root's key signs this one certificate and is then forgotten: lost files make a new chain, not a new TSA
            return new EmbeddedAuthorityChain(root, signed(tsaBuilder, rootKeys.getPrivate()), tsaKeys.getPrivate());
        } catch (GeneralSecurityException | IOException e) {
            throw new IllegalStateException("every Java runtime has EC P-256 and SHA-256", e);
        }
    }

    private static X509Certificate signed(X509v3CertificateBuilder builder, PrivateKey issuer) throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(issuer)));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private static BigInteger serial() {
        return new BigInteger(64, new SecureRandom());
    }

    static String pem(Object object) {
        StringWriter text = new StringWriter();
        try (JcaPEMWriter writer = new JcaPEMWriter(text)) {
            writer.writeObject(object);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return text.toString();
    }

    private static X509Certificate certificate(String pem) throws IOException, GeneralSecurityException {
        return new JcaX509CertificateConverter().getCertificate((X509CertificateHolder) read(pem));
    }

    private static Object read(String pem) throws IOException {
        try (PEMParser parser = new PEMParser(new StringReader(pem))) {
            return parser.readObject();
        }
    }
}
