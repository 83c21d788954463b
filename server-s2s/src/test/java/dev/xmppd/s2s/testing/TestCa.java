package dev.xmppd.s2s.testing;

import static java.util.Objects.requireNonNull;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
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
import java.util.ArrayList;
import java.util.Date;
import java.util.List;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.X500NameBuilder;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throwaway certificate authority for tests of federation: EC P-256 keys, validity of a few days, certificates for
 * chosen domains written as PEM files a test server (ours, Prosody or ejabberd) can be configured with.
 *
 * <pre>
 * TestCa ca = TestCa.create();
 * TestCertificate a = ca.server("a.test");                        // dNSName + XmppAddr for a.test
 * TestCertificateFiles files = a.writeTo(tempDir, "a.test");       // a.test.crt, a.test.key, a.test.pem, ca.crt
 * // xmppd: --set tls.cert=files.cert() --set tls.key=files.key() --set s2s.ca=[files.ca()]
 * // ejabberd: certfiles: [files.combined()]   Prosody: certificate = files.cert(), key = files.key()
 *
 * TestCertificate expired = ca.leaf("a.test").dnsNames("a.test").expired().issue();
 * TestCertificate viaIntermediate = ca.intermediate("Issuing CA").server("b.test");   // chain [leaf, intermediate]
 * </pre>
 *
 * <p>Shipped in the server-s2s test-jar for the federation tests of server-app and server-it.
 */
public final class TestCa {

    static final String SIGNATURE = "SHA256withECDSA";
    private static final Duration CA_VALIDITY = Duration.ofDays(3);
    private static final SecureRandom RANDOM = new SecureRandom();

    private final KeyPair keys;
    private final X509Certificate certificate;
    /** This CA's certificate and those above it, excluding the root; empty for a root. */
    private final List<X509Certificate> issuingChain;
    private final X509Certificate root;

    private TestCa(KeyPair keys, X509Certificate certificate, List<X509Certificate> issuingChain,
            X509Certificate root) {
        this.keys = keys;
        this.certificate = certificate;
        this.issuingChain = List.copyOf(issuingChain);
        this.root = root;
    }

    /** A new root CA named "CN=xmppd test CA". */
    public static TestCa create() {
        return create("xmppd test CA");
    }

    /** A new root CA with this common name, self-signed. */
    public static TestCa create(String commonName) {
        KeyPair keys = newKeyPair();
        X500Name name = new X500NameBuilder().addRDN(BCStyle.O, "xmppd tests").addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        X509Certificate certificate = sign(caBuilder(name, name, keys, now, now.plus(CA_VALIDITY)), keys.getPrivate());
        return new TestCa(keys, certificate, List.of(), certificate);
    }

    /** An intermediate CA signed by this one; its certificates come with the chain {@code [leaf, intermediate...]}. */
    public TestCa intermediate(String commonName) {
        KeyPair intermediateKeys = newKeyPair();
        X500Name name = new X500NameBuilder().addRDN(BCStyle.O, "xmppd tests").addRDN(BCStyle.CN, commonName).build();
        Instant now = Instant.now();
        X509v3CertificateBuilder builder = caBuilder(subject(certificate), name, intermediateKeys, now,
                now.plus(CA_VALIDITY));
        addAuthorityKeyId(builder, certificate);
        X509Certificate signed = sign(builder, keys.getPrivate());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(signed);
        chain.addAll(issuingChain);
        return new TestCa(intermediateKeys, signed, chain, root);
    }

    /**
     * A certificate made by no CA (its own issuer, not a CA), naming the domains as {@link #server} does: what a
     * server without a configured certificate presents.
     */
    public static TestCertificate selfSigned(String... domains) {
        if (domains.length == 0) {
            throw new IllegalArgumentException("domains: none (expected: at least one)");
        }
        LeafBuilder leaf = new LeafBuilder(null, domains[0]).dnsNames(domains).xmppAddrs(domains);
        KeyPair keys = newKeyPair();
        X500Name name = leafName(leaf);
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(name, serial(),
                Date.from(leaf.notBefore()), Date.from(leaf.notAfter()), name, keys.getPublic());
        try {
            leaf.addExtensions(builder, keys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        X509Certificate certificate = sign(builder, keys.getPrivate());
        return new TestCertificate(keys.getPrivate(), List.of(certificate), certificate);
    }

    /** A server certificate with a dNSName and an XmppAddr (RFC 6120 §13.7.1.4) for each domain, CN = the first. */
    public TestCertificate server(String... domains) {
        if (domains.length == 0) {
            throw new IllegalArgumentException("domains: none (expected: at least one)");
        }
        return leaf(domains[0]).dnsNames(domains).xmppAddrs(domains).issue();
    }

    /** A builder for a certificate with chosen names and validity, issued by this CA. */
    public LeafBuilder leaf(String commonName) {
        return new LeafBuilder(this, commonName);
    }

    /** This CA's certificate (the root's, for a root; the intermediate's for an intermediate). */
    public X509Certificate certificate() {
        return certificate;
    }

    /** The root certificate at the top of this CA's chain: what a verifier must trust. */
    public X509Certificate root() {
        return root;
    }

    /** Writes the root certificate as PEM, for {@code s2s.ca} (or a peer's trust store). */
    public Path writeRoot(Path file) {
        return PemWriting.write(file, List.of(root), null);
    }

    /** Issues a leaf certificate for the builder's settings. */
    TestCertificate issue(LeafBuilder leaf) {
        KeyPair leafKeys = newKeyPair();
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject(certificate), serial(),
                Date.from(leaf.notBefore()), Date.from(leaf.notAfter()), leafName(leaf), leafKeys.getPublic());
        try {
            leaf.addExtensions(builder, leafKeys);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        addAuthorityKeyId(builder, certificate);
        X509Certificate signed = sign(builder, keys.getPrivate());
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(signed);
        chain.addAll(issuingChain);
        return new TestCertificate(leafKeys.getPrivate(), chain, root);
    }

    private static X500Name leafName(LeafBuilder leaf) {
        X500NameBuilder name = new X500NameBuilder().addRDN(BCStyle.O, "xmppd tests");
        if (leaf.commonName() != null) {
            name.addRDN(BCStyle.CN, leaf.commonName());
        }
        return name.build();
    }

    private static X509v3CertificateBuilder caBuilder(X500Name issuer, X500Name subject, KeyPair keys, Instant from,
            Instant to) {
        X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(issuer, serial(),
                Date.from(from.minus(Duration.ofHours(1))), Date.from(to), subject, keys.getPublic());
        try {
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(true));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
        return builder;
    }

    private static void addAuthorityKeyId(X509v3CertificateBuilder builder, X509Certificate issuer) {
        try {
            builder.addExtension(Extension.authorityKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createAuthorityKeyIdentifier(issuer.getPublicKey()));
        } catch (IOException | GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    static KeyPair newKeyPair() {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            return generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X509Certificate sign(X509v3CertificateBuilder builder, PrivateKey key) {
        try {
            return new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder(SIGNATURE).build(key)));
        } catch (GeneralSecurityException | OperatorCreationException e) {
            throw new IllegalStateException(e);
        }
    }

    private static X500Name subject(X509Certificate certificate) {
        return X500Name.getInstance(certificate.getSubjectX500Principal().getEncoded());
    }

    private static BigInteger serial() {
        return new BigInteger(127, RANDOM).add(BigInteger.ONE);
    }
}
