package dev.xmppd.c2s.sm;

import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;

/** The XEP-0198 vocabulary: the namespace and the elements the server writes. */
public final class Sm {
    /** XEP-0198 version 3. */
    public static final String NS = "urn:xmpp:sm:3";

    private Sm() {
    }

    /** The stream feature, offered after authentication. */
    public static XmlElement feature() {
        return XmlElement.empty(NS, "sm");
    }

    static XmlElement enabled(String id, long maxSeconds) {
        XmlElement.Builder b = XmlElement.builder(NS, "enabled");
        if (id != null) {
            b.attribute("id", id).attribute("resume", "true").attribute("max", Long.toString(maxSeconds));
        }
        return b.build();
    }

    static XmlElement failed(String stanzaCondition) {
        return XmlElement.builder(NS, "failed").child(XmlElement.empty(Namespaces.STANZAS_ERRORS, stanzaCondition))
                .build();
    }

    static XmlElement ack(long h) {
        return XmlElement.builder(NS, "a").attribute("h", Long.toString(h)).build();
    }

    static XmlElement request() {
        return XmlElement.empty(NS, "r");
    }

    static XmlElement resumed(String previd, long h) {
        return XmlElement.builder(NS, "resumed").attribute("previd", previd).attribute("h", Long.toString(h)).build();
    }

    /** XEP-0198 §6: the stream error for an {@code h} above what was sent. */
    static XmlElement handledCountTooHigh(long h, long sent) {
        return XmlElement.builder(Namespaces.STREAM, "error")
                .child(XmlElement.empty(Namespaces.STREAMS_ERRORS,
                        StreamErrorCondition.UNDEFINED_CONDITION.elementName()))
                .child(XmlElement.builder(NS, "handled-count-too-high").attribute("h", Long.toString(h))
                        .attribute("send-count", Long.toString(sent)).build())
                .child(XmlElement.builder(Namespaces.STREAMS_ERRORS, "text")
                        .text("You acknowledged " + h + " stanzas, but I only sent you " + sent + " so far.").build())
                .build();
    }
}
