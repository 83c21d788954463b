package dev.xmppd.c2s.csi;

import dev.xmppd.core.xml.XmlElement;

/** The XEP-0352 vocabulary: {@code <active/>} and {@code <inactive/>} nonzas and the stream feature. */
public final class Csi {
    public static final String NS = "urn:xmpp:csi:0";

    private Csi() {
    }

    /** The stream feature, offered after authentication (XEP-0352 §4). */
    public static XmlElement feature() {
        return XmlElement.empty(NS, "csi");
    }
}
