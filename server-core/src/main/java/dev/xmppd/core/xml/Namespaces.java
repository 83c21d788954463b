package dev.xmppd.core.xml;

/** Namespace names used across the server. */
public final class Namespaces {
    public static final String XML = "http://www.w3.org/XML/1998/namespace";
    public static final String STREAM = "http://etherx.jabber.org/streams";
    public static final String CLIENT = "jabber:client";
    public static final String SERVER = "jabber:server";
    /** External components (XEP-0114): the content namespace of their streams, stanzas and {@code <handshake/>}. */
    public static final String COMPONENT = "jabber:component:accept";
    public static final String STREAMS_ERRORS = "urn:ietf:params:xml:ns:xmpp-streams";
    public static final String STANZAS_ERRORS = "urn:ietf:params:xml:ns:xmpp-stanzas";
    public static final String TLS = "urn:ietf:params:xml:ns:xmpp-tls";
    public static final String SASL = "urn:ietf:params:xml:ns:xmpp-sasl";
    public static final String BIND = "urn:ietf:params:xml:ns:xmpp-bind";
    public static final String SESSION = "urn:ietf:params:xml:ns:xmpp-session";

    private Namespaces() {
    }

    /** True for the content namespaces of client and server streams, which a stanza inherits from its stream. */
    public static boolean isStanzaNamespace(String namespace) {
        return CLIENT.equals(namespace) || SERVER.equals(namespace);
    }
}
