package dev.xmppd.c2s.tls;

import java.math.BigInteger;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.Date;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;

/** Throwaway certificates with a chosen signature algorithm. */
final class TlsTestCertificates {

    private TlsTestCertificates() {
    }

    static X509Certificate rsa(String signature) throws Exception {
        KeyPairGenerator generator = KeyPairGenerator.getInstance("RSA");
        generator.initialize(2048);
        return certificate(generator.generateKeyPair(), signature);
    }

    static X509Certificate ed25519() throws Exception {
        return certificate(KeyPairGenerator.getInstance("Ed25519").generateKeyPair(), "Ed25519");
    }

    private static X509Certificate certificate(KeyPair pair, String signature) throws Exception {
        X500Name name = new X500Name("CN=example.com");
        return new JcaX509CertificateConverter().getCertificate(new JcaX509v3CertificateBuilder(name, BigInteger.ONE,
                Date.from(Instant.now()), Date.from(Instant.now().plusSeconds(60)), name, pair.getPublic())
                .build(new JcaContentSignerBuilder(signature).build(pair.getPrivate())));
    }
}
