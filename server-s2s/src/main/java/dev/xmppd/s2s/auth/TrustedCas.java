package dev.xmppd.s2s.auth;

import dev.xmppd.core.config.ConfigException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.openssl.PEMParser;

/** Reads the CA certificates a peer's chain may end at: the JDK's default trust store and {@code s2s.ca} files. */
final class TrustedCas {

    private TrustedCas() {
    }

    /**
     * The JDK's default trusted CAs ({@code lib/security/cacerts}, or the {@code javax.net.ssl.trustStore} the JVM
     * was started with), as its default trust manager sees them.
     */
    static List<X509Certificate> system() {
        try {
            TrustManagerFactory factory = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
            factory.init((KeyStore) null);
            List<X509Certificate> cas = new ArrayList<>();
            for (TrustManager manager : factory.getTrustManagers()) {
                if (manager instanceof X509TrustManager x509) {
                    cas.addAll(List.of(x509.getAcceptedIssuers()));
                }
            }
            return cas;
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("cannot read the JDK's trusted CA certificates: " + e.getMessage(), e);
        }
    }

    /**
     * The certificates of one {@code s2s.ca} file: PEM, any number of {@code CERTIFICATE} blocks with text between
     * them (as in a CA bundle), or a single DER certificate.
     *
     * @throws ConfigException naming the key and the file, e.g. {@code s2s.ca: /etc/ca.pem: not a PEM certificate}
     */
    static List<X509Certificate> read(Path file) {
        byte[] bytes;
        try {
            bytes = Files.readAllBytes(file);
        } catch (IOException e) {
            throw new ConfigException("s2s.ca: " + file + ": cannot read (" + describe(e) + ")");
        }
        List<X509Certificate> cas;
        try {
            cas = readPem(bytes);
            if (cas.isEmpty()) {
                cas = readDer(bytes);
            }
        } catch (IOException | CertificateException | IllegalArgumentException | IllegalStateException e) {
            // Bouncy Castle reports bad base64 and bad ASN.1 as unchecked exceptions.
            throw new ConfigException("s2s.ca: " + file + ": not a PEM certificate (" + describe(e) + ")");
        }
        if (cas.isEmpty()) {
            throw new ConfigException("s2s.ca: " + file + ": not a PEM certificate (no BEGIN CERTIFICATE block)");
        }
        return cas;
    }

    private static List<X509Certificate> readPem(byte[] bytes) throws IOException, CertificateException {
        List<X509Certificate> cas = new ArrayList<>();
        JcaX509CertificateConverter converter = new JcaX509CertificateConverter();
        try (PEMParser parser = new PEMParser(new StringReader(new String(bytes, StandardCharsets.ISO_8859_1)))) {
            for (Object o = parser.readObject(); o != null; o = parser.readObject()) {
                if (o instanceof X509CertificateHolder holder) {
                    cas.add(converter.getCertificate(holder));
                }
            }
        }
        return cas;
    }

    private static List<X509Certificate> readDer(byte[] bytes) {
        if (bytes.length == 0 || bytes[0] != 0x30) { // not an ASN.1 SEQUENCE: text without a PEM block
            return List.of();
        }
        try {
            return List.of((X509Certificate) CertificateFactory.getInstance("X.509")
                    .generateCertificate(new ByteArrayInputStream(bytes)));
        } catch (CertificateException e) {
            return List.of();
        }
    }

    private static String describe(Exception e) {
        return e.getMessage() == null ? e.getClass().getSimpleName()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
    }
}
