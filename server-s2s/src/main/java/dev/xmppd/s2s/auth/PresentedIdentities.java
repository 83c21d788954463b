package dev.xmppd.s2s.auth;

import java.net.IDN;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import org.bouncycastle.asn1.ASN1Encodable;
import org.bouncycastle.asn1.ASN1IA5String;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.ASN1OctetString;
import org.bouncycastle.asn1.ASN1String;
import org.bouncycastle.asn1.ASN1UTF8String;
import org.bouncycastle.asn1.x500.AttributeTypeAndValue;
import org.bouncycastle.asn1.x500.RDN;
import org.bouncycastle.asn1.x500.X500Name;
import org.bouncycastle.asn1.x500.style.BCStyle;
import org.bouncycastle.asn1.x509.Extension;
import org.bouncycastle.asn1.x509.GeneralName;
import org.bouncycastle.asn1.x509.GeneralNames;
import org.bouncycastle.asn1.x509.OtherName;

/**
 * The server identities a certificate presents and the RFC 6125 rules for matching them against a domain, as RFC 6120
 * §13.7.2 and XEP-0178 apply them to XMPP servers.
 *
 * <ul>
 * <li>DNS-ID: subjectAltName dNSName; a wildcard only as the complete left-most label, matching exactly one label,
 * and only above at least two labels ({@code *.example.com} matches {@code a.example.com}, not {@code example.com},
 * not {@code a.b.example.com}; {@code *.com} matches nothing).</li>
 * <li>SRV-ID: otherName SRVName (RFC 4985, {@code 1.3.6.1.5.5.7.8.7}) {@code _xmpp-server.<domain>}.</li>
 * <li>XmppAddr: otherName id-on-xmppAddr ({@code 1.3.6.1.5.5.7.8.5}, UTF8String) equal to the domain.</li>
 * <li>CN-ID: the subject's common names, only when the certificate has none of the above (RFC 6125 §6.4.4).</li>
 * </ul>
 *
 * <p>Names are compared in their ASCII form (IDN A-labels, {@link IDN#toASCII}) in lower case, without a trailing
 * dot. OtherNames are parsed with Bouncy Castle's ASN.1 classes; an entry that does not parse is ignored.
 */
final class PresentedIdentities {

    static final ASN1ObjectIdentifier XMPP_ADDR = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.5");
    static final ASN1ObjectIdentifier SRV_NAME = new ASN1ObjectIdentifier("1.3.6.1.5.5.7.8.7");
    private static final String SRV_SERVICE = "_xmpp-server.";

    /** What the certificate says, as written, for the log. */
    private final Set<String> shown = new LinkedHashSet<>();
    private final List<String> dnsIds = new ArrayList<>();
    private final List<String> srvDomains = new ArrayList<>();
    private final List<String> xmppAddrs = new ArrayList<>();
    private final List<String> commonNames = new ArrayList<>();

    private PresentedIdentities() {
    }

    /** Reads the identities of a leaf certificate. */
    static PresentedIdentities of(X509Certificate leaf) {
        PresentedIdentities ids = new PresentedIdentities();
        ids.readSubjectAltNames(leaf);
        if (ids.dnsIds.isEmpty() && ids.srvDomains.isEmpty() && ids.xmppAddrs.isEmpty()) {
            ids.readCommonNames(leaf);
        }
        return ids;
    }

    /** True if one of the identities names {@code domain}. */
    boolean matches(String domain) {
        String reference = ascii(domain);
        if (reference == null) {
            return false;
        }
        for (String id : dnsIds) {
            if (dnsIdMatches(id, reference)) {
                return true;
            }
        }
        for (String id : commonNames) {
            if (dnsIdMatches(id, reference)) {
                return true;
            }
        }
        return srvDomains.contains(reference) || xmppAddrs.contains(reference);
    }

    /** The names as the certificate writes them, e.g. {@code [a.example, *.b.example]}, or "no domain". */
    String describe() {
        return shown.isEmpty() ? "no domain" : shown.toString();
    }

    private void readSubjectAltNames(X509Certificate leaf) {
        byte[] extension = leaf.getExtensionValue(Extension.subjectAlternativeName.getId());
        if (extension == null) {
            return;
        }
        GeneralNames names;
        try {
            names = GeneralNames.getInstance(ASN1OctetString.getInstance(extension).getOctets());
        } catch (IllegalArgumentException e) {
            return; // Unparseable: no identities (the path validator would also reject the certificate).
        }
        for (GeneralName name : names.getNames()) {
            try {
                read(name);
            } catch (IllegalArgumentException e) {
                // An entry of an unexpected ASN.1 type: ignored, as an unknown kind of name would be.
            }
        }
    }

    private void read(GeneralName name) {
        if (name.getTagNo() == GeneralName.dNSName) {
            String value = ASN1IA5String.getInstance(name.getName()).getString();
            shown.add(value);
            addAscii(dnsIds, value);
        } else if (name.getTagNo() == GeneralName.otherName) {
            OtherName other = OtherName.getInstance(name.getName());
            ASN1Encodable value = other.getValue();
            if (XMPP_ADDR.equals(other.getTypeID())) {
                String addr = ASN1UTF8String.getInstance(value).getString();
                shown.add(addr);
                addAscii(xmppAddrs, addr);
            } else if (SRV_NAME.equals(other.getTypeID())) {
                String srv = ASN1IA5String.getInstance(value).getString();
                shown.add(srv);
                if (srv.regionMatches(true, 0, SRV_SERVICE, 0, SRV_SERVICE.length())) {
                    addAscii(srvDomains, srv.substring(SRV_SERVICE.length()));
                }
            }
        }
    }

    private void readCommonNames(X509Certificate leaf) {
        X500Name subject = X500Name.getInstance(leaf.getSubjectX500Principal().getEncoded());
        for (RDN rdn : subject.getRDNs(BCStyle.CN)) {
            for (AttributeTypeAndValue value : rdn.getTypesAndValues()) {
                if (BCStyle.CN.equals(value.getType()) && value.getValue() instanceof ASN1String text) {
                    shown.add("CN=" + text.getString());
                    addAscii(commonNames, text.getString());
                }
            }
        }
    }

    private static void addAscii(List<String> to, String name) {
        String value = ascii(name);
        if (value != null) {
            to.add(value);
        }
    }

    /**
     * RFC 6125 §6.4.3: the wildcard is the whole left-most label and stands for exactly one label; it must be followed
     * by at least two labels, so that it never covers a whole top-level domain.
     */
    static boolean dnsIdMatches(String presented, String reference) {
        if (!presented.startsWith("*.")) {
            return presented.indexOf('*') < 0 && presented.equals(reference);
        }
        String parent = presented.substring(2);
        int firstDot = reference.indexOf('.');
        return parent.indexOf('*') < 0 && parent.indexOf('.') > 0 && firstDot > 0
                && reference.substring(firstDot + 1).equals(parent);
    }

    /**
     * The ASCII (A-label) lower-case form of a domain name without a trailing dot, or {@code null} if it is not a
     * valid internationalized domain name. A leading {@code *.} is kept.
     */
    static String ascii(String name) {
        String value = name.endsWith(".") ? name.substring(0, name.length() - 1) : name;
        String prefix = "";
        if (value.startsWith("*.")) {
            prefix = "*.";
            value = value.substring(2);
        }
        if (value.isEmpty()) {
            return null;
        }
        try {
            return prefix + IDN.toASCII(value).toLowerCase(Locale.ROOT);
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
