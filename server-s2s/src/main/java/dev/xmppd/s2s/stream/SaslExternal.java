package dev.xmppd.s2s.stream;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * The SASL EXTERNAL exchange between servers (XEP-0178 §3, RFC 6120 §6.4): the initiating server authenticates
 * with the certificate it presented in TLS, optionally naming the domain it authenticates as (the authzid).
 *
 * <pre>{@code
 * <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>=</auth>        empty authzid
 * <auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='EXTERNAL'>YS5leGFtcGxl</auth>  authzid a.example
 * <success xmlns='urn:ietf:params:xml:ns:xmpp-sasl'/>
 * <failure xmlns='urn:ietf:params:xml:ns:xmpp-sasl'><not-authorized/></failure>
 * }</pre>
 */
public final class SaslExternal {
    /** RFC 6120 §6.4.2: a zero-length initial response is sent as a single equals sign. */
    private static final String EMPTY = "=";

    private SaslExternal() {
    }

    /** {@code <auth mechanism='EXTERNAL'/>} with {@code authzid} (or "=" when it is null or empty). */
    public static XmlElement auth(String authzid) {
        return XmlElement.builder(Namespaces.SASL, "auth").attribute("mechanism", S2sFeatures.EXTERNAL)
                .text(encode(authzid)).build();
    }

    /** {@code <response/>} to an empty challenge, for a peer that wanted no initial response. */
    public static XmlElement response(String authzid) {
        return XmlElement.builder(Namespaces.SASL, "response").text(encode(authzid)).build();
    }

    /** The empty challenge a receiving server sends when {@code <auth/>} carried no initial response. */
    public static XmlElement emptyChallenge() {
        return XmlElement.builder(Namespaces.SASL, "challenge").text(EMPTY).build();
    }

    public static XmlElement success() {
        return XmlElement.empty(Namespaces.SASL, "success");
    }

    /**
     * {@code <failure><condition/><text/></failure>}.
     *
     * @param condition an RFC 6120 §6.5 condition, e.g. {@code not-authorized}, {@code invalid-authzid},
     *     {@code invalid-mechanism}, {@code encryption-required}, {@code malformed-request}
     * @param text a human-readable explanation, or {@code null}
     */
    public static XmlElement failure(String condition, String text) {
        XmlElement.Builder b = XmlElement.builder(Namespaces.SASL, "failure")
                .child(XmlElement.empty(Namespaces.SASL, condition));
        if (text != null) {
            b.child(XmlElement.builder(Namespaces.SASL, "text").attribute("xml:lang", "en").text(text).build());
        }
        return b.build();
    }

    /** The condition of a {@code <failure/>} element, or {@code "undefined"}. */
    public static String failureCondition(XmlElement failure) {
        for (XmlElement child : failure.elements()) {
            if (Namespaces.SASL.equals(child.namespace()) && !child.name().equals("text")) {
                return child.name();
            }
        }
        return "undefined";
    }

    /**
     * The authzid carried by {@code <auth/>} or {@code <response/>}.
     *
     * @return {@code null} if the element has no text at all (no initial response: send
     *     {@link #emptyChallenge()}), the empty string for "=", else the decoded authzid
     * @throws IllegalArgumentException if the text is not base64 (answer {@code incorrect-encoding})
     */
    public static String authzid(XmlElement authOrResponse) {
        String text = authOrResponse.text().strip();
        if (text.isEmpty()) {
            return null;
        }
        if (text.equals(EMPTY)) {
            return "";
        }
        return new String(Base64.getDecoder().decode(text), StandardCharsets.UTF_8);
    }

    private static String encode(String authzid) {
        return authzid == null || authzid.isEmpty() ? EMPTY
                : Base64.getEncoder().encodeToString(authzid.getBytes(StandardCharsets.UTF_8));
    }
}
