package dev.xmppd.s2s.stream;

/** Namespaces that only server-to-server streams use. */
public final class S2sNamespaces {
    /** XEP-0220: {@code <db:result/>} and {@code <db:verify/>}, declared with the prefix {@code db} on the header. */
    public static final String DIALBACK = "jabber:server:dialback";
    /** XEP-0220 §2.4.2: the stream feature announcing dialback with error handling. */
    public static final String DIALBACK_FEATURE = "urn:xmpp:features:dialback";
    /** XEP-0288: the stream feature announcing bidirectional streams. */
    public static final String BIDI_FEATURE = "urn:xmpp:features:bidi";
    /** XEP-0288: the element an initiating server sends to ask for a bidirectional stream. */
    public static final String BIDI = "urn:xmpp:bidi";

    private S2sNamespaces() {
    }
}
