package dev.xmppd.it.federation;

import java.io.IOException;
import java.io.StringWriter;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.Date;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.openssl.jcajce.JcaPEMWriter;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/**
 * A throw-away certificate authority for the interop tests: one CA, and per domain a certificate whose subject
 * alternative name is the domain as a DNS-ID (RFC 6125, XEP-0178), usable as TLS server and client certificate
 * (s2s streams present it in both roles). Files are PEM in one directory: {@code ca.pem}, {@code <domain>.crt}
 * (leaf then CA), {@code <domain>.key} (PKCS#8) and {@code <domain>.bundle.pem} (chain and key, for ejabberd).
 *
 * <p>Not {@code dev.xmppd.s2s.testing.TestCa}: that one makes EC P-256 keys, and ejabberd 23.01 refuses the JDK's
 * PKCS#8 encoding of an EC key ("no matching private key found for this certificate": the encoding carries no
 * public key for it to match). RSA keys carry everything, and every peer reads them.
 */
final class InteropPki {
    private static final Duration VALIDITY = Duration.ofDays(60);

    private final Path dir;
    private final KeyPair caKeys;
    private final X509Certificate ca;
    private final AtomicLong serial = new AtomicLong(2);

    private InteropPki(Path dir, KeyPair caKeys, X509Certificate ca) {
        this.dir = dir;
        this.caKeys = caKeys;
        this.ca = ca;
    }

    static InteropPki create(Path dir) throws IOException, GeneralSecurityException {
        Files.createDirectories(dir);
        KeyPair keys = newKeys();
        X500Name name = new X500Name("CN=xmppd interop test CA");
        JcaX509v3CertificateBuilder b = builder(name, BigInteger.ONE, name, keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(0));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.keyCertSign | KeyUsage.cRLSign));
        X509Certificate ca = sign(b, keys);
        InteropPki pki = new InteropPki(dir, keys, ca);
        pki.writePem(dir.resolve("ca.pem"), ca);
        return pki;
    }

    Path caFile() {
        return dir.resolve("ca.pem");
    }

    Path certFile(String domain) {
        return dir.resolve(domain + ".crt");
    }

    Path keyFile(String domain) {
        return dir.resolve(domain + ".key");
    }

    Path bundleFile(String domain) {
        return dir.resolve(domain + ".bundle.pem");
    }

    /** Issues (once) a certificate for {@code domain} and writes its files. */
    synchronized InteropPki issue(String domain) throws IOException, GeneralSecurityException {
        if (Files.exists(bundleFile(domain))) {
            return this;
        }
        KeyPair keys = newKeys();
        JcaX509v3CertificateBuilder b = builder(new X500Name("CN=xmppd interop test CA"),
                BigInteger.valueOf(serial.getAndIncrement()), new X500Name("CN=" + domain), keys);
        b.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        b.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        b.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
        b.addExtension(Extension.subjectAlternativeName, false, new GeneralNames(new GeneralName[] {
            new GeneralName(GeneralName.dNSName, domain), new GeneralName(GeneralName.dNSName, "*." + domain)}));
        X509Certificate leaf = sign(b, caKeys);
        writePem(certFile(domain), leaf, ca);
        writePem(keyFile(domain), keys.getPrivate());
        writePem(bundleFile(domain), leaf, ca, keys.getPrivate());
        return this;
    }

    /** A trust manager for exactly this CA (and, optionally, more PEM certificates such as self-signed ones). */
    X509TrustManager trustManager(Path... extraPem) throws IOException, GeneralSecurityException {
        KeyStore ks = KeyStore.getInstance(KeyStore.getDefaultType());
        ks.load(null, null);
        ks.setCertificateEntry("interop-ca", ca);
        int i = 0;
        for (Path pem : extraPem) {
            try (var in = Files.newInputStream(pem)) {
                for (var cert : java.security.cert.CertificateFactory.getInstance("X.509").generateCertificates(in)) {
                    ks.setCertificateEntry("extra-" + i++, cert);
                }
            }
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(ks);
        return (X509TrustManager) tmf.getTrustManagers()[0];
    }

    private static KeyPair newKeys() throws GeneralSecurityException {
        // RSA, not EC: ejabberd (p1_pkix) cannot match a PKCS#8 EC key without its embedded public key to the
        // certificate, which is what Java encodes.
        KeyPairGenerator g = KeyPairGenerator.getInstance("RSA");
        g.initialize(2048);
        return g.generateKeyPair();
    }

    private static JcaX509v3CertificateBuilder builder(X500Name issuer, BigInteger serial, X500Name subject,
            KeyPair keys) {
        Instant now = Instant.now();
        return new JcaX509v3CertificateBuilder(issuer, serial, Date.from(now.minus(Duration.ofHours(1))),
                Date.from(now.plus(VALIDITY)), subject, keys.getPublic());
    }

    private static X509Certificate sign(JcaX509v3CertificateBuilder b, KeyPair signer)
            throws GeneralSecurityException {
        try {
            return new JcaX509CertificateConverter().getCertificate(
                    b.build(new JcaContentSignerBuilder("SHA256withRSA").build(signer.getPrivate())));
        } catch (OperatorCreationException e) {
            throw new GeneralSecurityException(e);
        }
    }

    private void writePem(Path file, Object... objects) {
        StringWriter out = new StringWriter();
        try (JcaPEMWriter pem = new JcaPEMWriter(out)) {
            for (Object o : objects) {
                pem.writeObject(o instanceof java.security.PrivateKey k
                        ? new org.bouncycastle.openssl.jcajce.JcaPKCS8Generator(k, null) : o);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        try {
            Files.writeString(file, out.toString());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
