package dev.xmppd.core.stream;

import dev.xmppd.core.xml.XmlElement;

/**
 * Limits the decoder enforces on its own (Aalto has none). Exceeding one is a {@code policy-violation}.
 *
 * @param maxStanzaBytes bytes of one top-level element, from its start tag to its end tag
 * @param maxDepth element depth below the stream element
 * @param maxAttributes attributes (namespace declarations included) of one element
 * @param maxHeaderBytes bytes before the stream header is complete
 */
public record StreamLimits(int maxStanzaBytes, int maxDepth, int maxAttributes, int maxHeaderBytes) {

    public static final StreamLimits C2S = new StreamLimits(256 * 1024, 32, 64, 8 * 1024);
    public static final StreamLimits S2S = new StreamLimits(512 * 1024, 32, 64, 8 * 1024);

    public StreamLimits {
        check("maxStanzaBytes", maxStanzaBytes, 1024);
        check("maxDepth", maxDepth, 2);
        check("maxAttributes", maxAttributes, 4);
        check("maxHeaderBytes", maxHeaderBytes, 512);
    }

    private static void check(String name, int value, int min) {
        if (value < min) {
            throw new IllegalArgumentException(name + ": " + value + " (expected: >= " + min + ")");
        }
    }

    /**
     * What limit of depth or attributes a whole element parsed outside the decoder crosses (a WebSocket frame, a
     * BOSH body), or {@code null}.
     *
     * @param depth the depth of {@code e} below the stream (a stanza is at 1)
     */
    public String crossedBy(XmlElement e, int depth) {
        if (depth > maxDepth) {
            return "elements nested deeper than " + maxDepth;
        }
        if (e.attributeCount() > maxAttributes) {
            return "more than " + maxAttributes + " attributes on <" + e.name() + "/>";
        }
        for (XmlElement child : e.elements()) {
            String crossed = crossedBy(child, depth + 1);
            if (crossed != null) {
                return crossed;
            }
        }
        return null;
    }

    public StreamLimits withMaxStanzaBytes(int bytes) {
        return new StreamLimits(bytes, maxDepth, maxAttributes, maxHeaderBytes);
    }
}
