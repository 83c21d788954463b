package dev.xmppd.s2s.stream;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;

/**
 * The {@code <stream:features/>} of a server-to-server stream, as a receiving server offers them and as an
 * initiating server reads them. One type for both sides, so they agree on the wire format.
 *
 * <pre>{@code
 * <stream:features>
 *   <starttls xmlns='urn:ietf:params:xml:ns:xmpp-tls'><required/></starttls>                      (before TLS)
 *   <mechanisms xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><mechanism>EXTERNAL</mechanism></mechanisms>
 *   <dialback xmlns='urn:xmpp:features:dialback'><errors/></dialback>                            (XEP-0220 §2.4.2)
 *   <bidi xmlns='urn:xmpp:features:bidi'/>                                                         (XEP-0288)
 * </stream:features>
 * }</pre>
 *
 * @param startTls STARTTLS is offered
 * @param startTlsRequired ... and required before anything else (RFC 6120 §5.3.1)
 * @param mechanisms the SASL mechanisms offered; on s2s only {@code EXTERNAL} has a meaning (XEP-0178)
 * @param dialback dialback with error handling is announced (a peer may still speak dialback without it, on the
 *     strength of the {@code xmlns:db} declaration in the header)
 * @param bidi XEP-0288 bidirectional streams are offered
 */
public record S2sFeatures(boolean startTls, boolean startTlsRequired, List<String> mechanisms, boolean dialback,
        boolean bidi) {

    public static final String EXTERNAL = "EXTERNAL";

    /** No features at all: what a stream restarted after SASL offers when bidi is off. */
    public static final S2sFeatures NONE = new S2sFeatures(false, false, List.of(), false, false);

    public S2sFeatures {
        mechanisms = List.copyOf(mechanisms);
    }

    /** True if SASL EXTERNAL is among the mechanisms. */
    public boolean offersExternal() {
        return mechanisms.contains(EXTERNAL);
    }

    /** The element to write. */
    public XmlElement toElement() {
        XmlElement.Builder b = XmlElement.builder(Namespaces.STREAM, "features");
        if (startTls) {
            XmlElement.Builder tls = XmlElement.builder(Namespaces.TLS, "starttls");
            if (startTlsRequired) {
                tls.child(XmlElement.empty(Namespaces.TLS, "required"));
            }
            b.child(tls.build());
        }
        if (!mechanisms.isEmpty()) {
            XmlElement.Builder m = XmlElement.builder(Namespaces.SASL, "mechanisms");
            mechanisms.forEach(name -> m.textElement("mechanism", name));
            b.child(m.build());
        }
        if (dialback) {
            b.child(XmlElement.builder(S2sNamespaces.DIALBACK_FEATURE, "dialback")
                    .child(XmlElement.empty(S2sNamespaces.DIALBACK_FEATURE, "errors")).build());
        }
        if (bidi) {
            b.child(XmlElement.empty(S2sNamespaces.BIDI_FEATURE, "bidi"));
        }
        return b.build();
    }

    /**
     * Reads the features a peer offered; unknown features are ignored (RFC 6120 §4.3.2).
     *
     * @throws IllegalArgumentException if {@code features} is not {@code <stream:features/>}
     */
    public static S2sFeatures parse(XmlElement features) {
        if (!features.is(Namespaces.STREAM, "features")) {
            throw new IllegalArgumentException("not <stream:features/>: <" + features.name() + " xmlns='"
                    + features.namespace() + "'/>");
        }
        XmlElement tls = features.element(Namespaces.TLS, "starttls");
        List<String> mechanisms = new ArrayList<>(2);
        XmlElement sasl = features.element(Namespaces.SASL, "mechanisms");
        if (sasl != null) {
            for (XmlElement m : sasl.elements()) {
                if (m.is(Namespaces.SASL, "mechanism") && !m.text().isBlank()) {
                    mechanisms.add(m.text().strip());
                }
            }
        }
        return new S2sFeatures(tls != null, tls != null && tls.element(Namespaces.TLS, "required") != null,
                mechanisms, features.element(S2sNamespaces.DIALBACK_FEATURE, "dialback") != null,
                features.element(S2sNamespaces.BIDI_FEATURE, "bidi") != null);
    }
}
