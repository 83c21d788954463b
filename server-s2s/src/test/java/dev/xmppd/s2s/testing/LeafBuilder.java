package dev.xmppd.s2s.testing;

import java.io.IOException;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.DERIA5String;
import org.bouncycastle.asn1.DERUTF8String;
import org.bouncycastle.asn1.x509.BasicConstraints;
import org.bouncycastle.asn1.x509.ExtendedKeyUsage;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.KeyPurposeId;
import org.bouncycastle.asn1.x509.KeyUsage;
import org.bouncycastle.asn1.x509.OtherName;
import org.bouncycastle.cert.X509v3CertificateBuilder;
import org.bouncycastle.cert.jcajce.JcaX509ExtensionUtils;

/**
 * The names and validity of one certificate a {@link TestCa} issues; names are written as given (no normalization), so
 * tests can present upper-case or wildcard names.
 *
 * <pre>
 * ca.leaf("a.test").dnsNames("*.a.test").srvNames("_xmpp-server.a.test").validFor(Duration.ofHours(1)).issue();
 * </pre>
 */
public final class LeafBuilder {

    /** id-on-xmppAddr (RFC 6120 §13.7.1.4). */
    public static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    /** id-on-dnsSRV, SRVName (RFC 4985). */
    public static final ASN1ObjectIdentifier SRV_NAME = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");

    private final TestCa ca;
    private final String commonName;
    private final List<GeneralName> names = new ArrayList<>();
    private KeyPurposeId[] purposes = {KeyPurposeId.id_kp_serverAuth, KeyPurposeId.id_kp_clientAuth};
    private Instant notBefore = Instant.now().minus(Duration.ofHours(1));
    private Instant notAfter = Instant.now().plus(Duration.ofDays(1));

    LeafBuilder(TestCa ca, String commonName) {
        this.ca = ca; // null for a self-signed certificate
        this.commonName = commonName;
    }

    /** subjectAltName dNSName entries, e.g. {@code "a.test"} or {@code "*.a.test"}. */
    public LeafBuilder dnsNames(String... values) {
        for (String value : values) {
            names.add(new GeneralName(GeneralName.dNSName, value));
        }
        return this;
    }

    /** subjectAltName otherName id-on-xmppAddr entries (UTF8String), e.g. {@code "a.test"}. */
    public LeafBuilder xmppAddrs(String... values) {
        for (String value : values) {
            names.add(new GeneralName(GeneralName.otherName, new OtherName(XMPP_ADDR, new DERUTF8String(value))));
        }
        return this;
    }

    /** subjectAltName otherName SRVName entries (IA5String), e.g. {@code "_xmpp-server.a.test"}. */
    public LeafBuilder srvNames(String... values) {
        for (String value : values) {
            names.add(new GeneralName(GeneralName.otherName, new OtherName(SRV_NAME, new DERIA5String(value))));
        }
        return this;
    }

    /**
     * Extended key usage {@code serverAuth} only (default: {@code serverAuth} and {@code clientAuth}), as public CAs
     * issue them from 2026: such a certificate must still serve as client certificate on outbound streams.
     */
    public LeafBuilder serverAuthOnly() {
        this.purposes = new KeyPurposeId[] {KeyPurposeId.id_kp_serverAuth};
        return this;
    }

    /** Valid from an hour ago for this long (default: a day). */
    public LeafBuilder validFor(Duration duration) {
        this.notBefore = Instant.now().minus(Duration.ofHours(1));
        this.notAfter = Instant.now().plus(duration);
        return this;
    }

    /** Valid in exactly this interval. */
    public LeafBuilder validity(Instant from, Instant to) {
        if (!from.isBefore(to)) {
            throw new IllegalArgumentException("validity: " + from + " is not before " + to);
        }
        this.notBefore = from;
        this.notAfter = to;
        return this;
    }

    /** Valid from ten days ago until yesterday. */
    public LeafBuilder expired() {
        return validity(Instant.now().minus(Duration.ofDays(10)), Instant.now().minus(Duration.ofDays(1)));
    }

    /** Valid from tomorrow on. */
    public LeafBuilder notYetValid() {
        return validity(Instant.now().plus(Duration.ofDays(1)), Instant.now().plus(Duration.ofDays(2)));
    }

    /** Issues the certificate with a new EC P-256 key. */
    public TestCertificate issue() {
        if (ca == null) {
            throw new IllegalStateException("a self-signed certificate is made by TestCa.selfSigned");
        }
        return ca.issue(this);
    }

    String commonName() {
        return commonName;
    }

    Instant notBefore() {
        return notBefore;
    }

    Instant notAfter() {
        return notAfter;
    }

    void addExtensions(X509v3CertificateBuilder builder, KeyPair keys) throws IOException {
        if (!names.isEmpty()) {
            // Critical when the subject is empty (RFC 5280 §4.2.1.6).
            builder.addExtension(Extension.subjectAlternativeName, commonName == null,
                    new GeneralNames(names.toArray(GeneralName[]::new)));
        }
        builder.addExtension(Extension.basicConstraints, true, new BasicConstraints(false));
        builder.addExtension(Extension.keyUsage, true, new KeyUsage(KeyUsage.digitalSignature));
        builder.addExtension(Extension.extendedKeyUsage, false, new ExtendedKeyUsage(purposes));
        try {
            builder.addExtension(Extension.subjectKeyIdentifier, false,
                    new JcaX509ExtensionUtils().createSubjectKeyIdentifier(keys.getPublic()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }
}
