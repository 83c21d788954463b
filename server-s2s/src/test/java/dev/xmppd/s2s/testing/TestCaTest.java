package dev.xmppd.s2s.testing;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class TestCaTest {

    private static final TestCa CA = TestCa.create();

    @TempDir
    Path dir;

    @Test
    void serverCertificateNamesTheDomainsAndIsSignedByTheCa() throws Exception {
        // Execute system under test
        TestCertificate certificate = CA.server("a.test", "b.test");

        // Verify results
        X509Certificate leaf = certificate.leaf();
        leaf.verify(CA.certificate().getPublicKey());
        leaf.checkValidity();
        assertThat(leaf.getSubjectX500Principal().getName()).contains("CN=a.test");
        List<Object> kinds = leaf.getSubjectAlternativeNames().stream().map(entry -> (Object) entry.get(0)).toList();
        assertThat(kinds).containsExactly(2, 2, 0, 0); // two dNSNames, two otherNames (XmppAddr)
        assertThat(certificate.chain()).containsExactly(leaf);
        assertThat(certificate.root()).isEqualTo(CA.certificate());
        assertThat(certificate.material().chain()).isEqualTo(certificate.chain());
    }

    @Test
    void intermediateChainEndsBelowTheRoot() throws Exception {
        // Execute system under test
        TestCa intermediate = CA.intermediate("issuing CA");
        TestCertificate certificate = intermediate.server("c.test");

        // Verify results
        assertThat(certificate.chain()).containsExactly(certificate.leaf(), intermediate.certificate());
        certificate.leaf().verify(intermediate.certificate().getPublicKey());
        intermediate.certificate().verify(CA.certificate().getPublicKey());
        assertThat(certificate.root()).isEqualTo(CA.root());
    }

    @Test
    void expiredAndSelfSignedCertificates() {
        // Execute system under test
        TestCertificate expired = CA.leaf("a.test").dnsNames("a.test").expired().issue();
        TestCertificate selfSigned = TestCa.selfSigned("a.test");

        // Verify results
        assertThat(expired.leaf().getNotAfter().toInstant()).isBefore(Instant.now());
        assertThat(selfSigned.leaf().getIssuerX500Principal()).isEqualTo(selfSigned.leaf().getSubjectX500Principal());
        assertThat(selfSigned.root()).isEqualTo(selfSigned.leaf());
    }

    @Test
    void writesPemFilesForServers() throws Exception {
        // Set up fixture
        TestCertificate certificate = CA.intermediate("issuing CA").server("a.test");

        // Execute system under test
        TestCertificateFiles files = certificate.writeTo(dir.resolve("pki"), "a.test");

        // Verify results
        assertThat(readCertificates(files.cert())).isEqualTo(certificate.chain());
        assertThat(readCertificates(files.ca())).containsExactly(CA.root());
        assertThat(readKey(files.key()).getEncoded()).isEqualTo(certificate.key().getEncoded());
        assertThat(readCertificates(files.combined())).isEqualTo(certificate.chain());
        assertThat(readKey(files.combined()).getEncoded()).isEqualTo(certificate.key().getEncoded());
        assertThat(Files.readString(files.key())).startsWith("-----BEGIN PRIVATE KEY-----");
    }

    private static List<X509Certificate> readCertificates(Path file) throws Exception {
        List<X509Certificate> certificates = new ArrayList<>();
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    certificates.add(new JcaX509CertificateConverter().getCertificate(holder));
                }
            }
        }
        return certificates;
    }

    private static PrivateKeyInfo readKey(Path file) throws Exception {
        try (PEMParser parser = new PEMParser(Files.newBufferedReader(file))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof PrivateKeyInfo info) {
                    return info;
                }
            }
        }
        throw new AssertionError("no key in " + file);
    }
}
