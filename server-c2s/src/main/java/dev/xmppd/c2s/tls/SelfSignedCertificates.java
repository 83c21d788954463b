package dev.xmppd.c2s.tls;

import dev.xmppd.core.config.ConfigException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.math.BigInteger;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.SecureRandom;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Date;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.CertIOException;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509CertificateConverter;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;
import org.bouncycastle.cert.jcajce.JcaX509v3CertificateBuilder;
import org.bouncycastle.operator.OperatorCreationException;
import org.bouncycastle.operator.jcajce.JcaContentSignerBuilder;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The self-signed certificate used when the operator configures none: EC P-256, valid ten years, with a
 * subjectAltName dNSName for each host and its subdomains and an XmppAddr per host (RFC 6120 §13.7.1.4). Kept in
 * {@code <dataDir>/tls/cert.pem} and {@code key.pem}, reused while it still names exactly the configured hosts.
 */
final class SelfSignedCertificates {

    /** id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");

    private static final Logger log = LoggerFactory.getLogger(SelfSignedCertificates.class);
    private static final Duration VALIDITY = Duration.ofDays(3650);

    private SelfSignedCertificates() {
    }

    /** Loads the kept certificate if it fits the hosts, else generates and keeps a new one. */
    static TlsMaterial loadOrCreate(Path dataDir, List<String> hosts) {
        if (hosts.isEmpty()) {
            throw new IllegalArgumentException("hosts: empty (expected: at least one host to certify)");
        }
        Path dir = dataDir.resolve("tls");
        Path certFile = dir.resolve("cert.pem");
        Path keyFile = dir.resolve("key.pem");
        if (Files.exists(certFile) && Files.exists(keyFile)) {
            try {
                TlsMaterial kept = PemFiles.read(certFile, keyFile);
                if (fits(kept.leaf(), hosts)) {
                    return kept;
                }
                log.info("{} does not name exactly the hosts {} or has expired: generating a new one", certFile, hosts);
            } catch (ConfigException e) {
                log.warn("Cannot reuse the self-signed certificate, generating a new one: {}", e.getMessage());
            }
        }
        TlsMaterial created = generate(hosts);
        try {
            Files.createDirectories(dir);
        } catch (IOException e) {
            throw new UncheckedIOException(dir + ": cannot create the directory for the TLS certificate", e);
        }
        PemFiles.writeKey(keyFile, created.key());
        PemFiles.writeChain(certFile, created.chain());
        log.warn("Generated a self-signed certificate for {} in {}: clients will not trust it; configure tls.cert "
                + "and tls.key for production", hosts, certFile);
        return created;
    }

    /** A new key pair and certificate for the hosts, the first host as subject CN. */
    static TlsMaterial generate(List<String> hosts) {
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            KeyPair pair = generator.generateKeyPair();
            X500Name subject = new X500Name("CN=" + hosts.get(0) + ",O=xmppd self-signed");
            Instant now = Instant.now();
            X509v3CertificateBuilder builder = new JcaX509v3CertificateBuilder(subject,
                    new BigInteger(127, new SecureRandom()).add(BigInteger.ONE),
                    Date.from(now.minus(Duration.ofDays(1))), Date.from(now.plus(VALIDITY)), subject,
                    pair.getPublic());
            builder.addExtension(Extension.subjectAlternativeName, false, subjectAltNames(hosts));
            builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
            builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
            builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(
                    new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth}));
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(pair.getPublic()));
            X509Certificate certificate = new JcaX509CertificateConverter()
                    .getCertificate(builder.build(new JcaContentSignerBuilder("SHA256withECDSA")
                            .build(pair.getPrivate())));
            return new TlsMaterial(pair.getPrivate(), List.of(certificate));
        } catch (GeneralSecurityException | CertIOException | OperatorCreationException e) {
            throw new IllegalStateException("cannot generate a self-signed certificate for " + hosts, e);
        }
    }

    /** The dNSName entries a certificate for these hosts carries: each host and {@code *.host}. */
    static Set<String> dnsNames(List<String> hosts) {
        Set<String> names = new LinkedHashSet<>();
        for (String host : hosts) {
            String name = host.toLowerCase(Locale.ROOT);
            names.add(name);
            names.add("*." + name);
        }
        return names;
    }

    private static GeneralNames subjectAltNames(List<String> hosts) {
        List<GeneralName> names = new ArrayList<>();
        for (String name : dnsNames(hosts)) {
            names.add(new GeneralName(GeneralName.dNSName, name));
        }
        for (String host : hosts) {
            names.add(new GeneralName(GeneralName.otherName,
                    new OtherName(XMPP_ADDR, new DERUTF8String(host.toLowerCase(Locale.ROOT)))));
        }
        return new GeneralNames(names.toArray(GeneralName[]::new));
    }

    private static boolean fits(X509Certificate certificate, List<String> hosts) {
        if (certificate.getNotAfter().toInstant().isBefore(Instant.now().plus(Duration.ofDays(1)))) {
            return false;
        }
        Set<String> names = new LinkedHashSet<>();
        try {
            Collection<List<?>> alternatives = certificate.getSubjectAlternativeNames();
            if (alternatives != null) {
                for (List<?> entry : alternatives) {
                    if (Integer.valueOf(GeneralName.dNSName).equals(entry.get(0))) {
                        names.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
                    }
                }
            }
        } catch (CertificateParsingException e) {
            return false;
        }
        return names.equals(dnsNames(hosts));
    }
}
