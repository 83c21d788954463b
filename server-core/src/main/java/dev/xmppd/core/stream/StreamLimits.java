package dev.xmppd.core.stream;

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

    public StreamLimits withMaxStanzaBytes(int bytes) {
        return new StreamLimits(bytes, maxDepth, maxAttributes, maxHeaderBytes);
    }
}
