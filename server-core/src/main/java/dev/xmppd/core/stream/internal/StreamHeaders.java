package dev.xmppd.core.stream.internal;

import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.Namespaces;
import javax.xml.stream.XMLStreamReader;

/** Reads and checks a stream header (RFC 6120 §4.7, §4.8) from a reader positioned on the root start tag. */
final class StreamHeaders {
    static final String DIALBACK = "jabber:server:dialback";

    private StreamHeaders() {
    }

    /**
     * Returns the header as a {@link StreamOpen}, or the {@link StreamError} it deserves. The checks run in this
     * order, so the condition is deterministic when several rules are broken.
     */
    static Object read(XMLStreamReader reader, String contentNamespace) {
        // RFC 6120 §4.8.1: the root element MUST be qualified by the stream namespace, else invalid-namespace.
        if (!Namespaces.STREAM.equals(reader.getNamespaceURI())) {
            return error(StreamErrorCondition.INVALID_NAMESPACE,
                    "root element namespace: " + reader.getNamespaceURI() + " (expected: " + Namespaces.STREAM + ")");
        }
        // RFC 6120 §4.9.3.1: the right namespace on another element is XML we cannot process.
        if (!"stream".equals(reader.getLocalName())) {
            return error(StreamErrorCondition.BAD_FORMAT,
                    "root element: " + reader.getLocalName() + " (expected: stream)");
        }
        // RFC 6120 §4.8.5 and §4.9.3.2: we accept only the historical prefix 'stream' for the stream namespace,
        // as the RFC allows, and answer any other prefix (or none) with bad-namespace-prefix.
        if (!"stream".equals(reader.getPrefix())) {
            return error(StreamErrorCondition.BAD_NAMESPACE_PREFIX,
                    "stream namespace prefix: '" + nullToEmpty(reader.getPrefix()) + "' (expected: 'stream')");
        }
        String declared = defaultNamespace(reader);
        // RFC 6120 §4.8.2 and §4.9.3.10: the content namespace is declared as the default namespace and must be
        // the one this listener serves; a stream without one cannot carry our stanzas either.
        if (!contentNamespace.equals(declared)) {
            return error(StreamErrorCondition.INVALID_NAMESPACE,
                    "content namespace: " + declared + " (expected: " + contentNamespace + ")");
        }
        String version = reader.getAttributeValue(null, "version");
        // RFC 6120 §4.7.5: no version means 0.9; we speak only major version 1. XEP-0114 streams predate the RFC
        // and carry no version (nor features): any is accepted there.
        if (!isVersion1(version) && !Namespaces.COMPONENT.equals(contentNamespace)) {
            return error(StreamErrorCondition.UNSUPPORTED_VERSION,
                    "version: " + version + " (expected: 1.x)");
        }
        return new StreamOpen(declared, reader.getAttributeValue(null, "to"), reader.getAttributeValue(null, "from"),
                reader.getAttributeValue(null, "id"), version, reader.getAttributeValue(Namespaces.XML, "lang"),
                declaresDialback(reader));
    }

    /** True for {@code major.minor} with major 1 (leading zeros ignored, RFC 6120 §4.7.5). */
    static boolean isVersion1(String version) {
        if (version == null) {
            return false;
        }
        int dot = version.indexOf('.');
        if (dot <= 0 || dot == version.length() - 1 || !digits(version, 0, dot)
                || !digits(version, dot + 1, version.length())) {
            return false;
        }
        int i = 0;
        while (i < dot - 1 && version.charAt(i) == '0') {
            i++;
        }
        return dot - i == 1 && version.charAt(i) == '1';
    }

    private static boolean digits(String s, int from, int to) {
        for (int i = from; i < to; i++) {
            char c = s.charAt(i);
            if (c < '0' || c > '9') {
                return false;
            }
        }
        return true;
    }

    private static String defaultNamespace(XMLStreamReader reader) {
        for (int i = 0, n = reader.getNamespaceCount(); i < n; i++) {
            String prefix = reader.getNamespacePrefix(i);
            if (prefix == null || prefix.isEmpty()) {
                return nullToEmpty(reader.getNamespaceURI(i));
            }
        }
        return null;
    }

    private static boolean declaresDialback(XMLStreamReader reader) {
        for (int i = 0, n = reader.getNamespaceCount(); i < n; i++) {
            if ("db".equals(reader.getNamespacePrefix(i)) && DIALBACK.equals(reader.getNamespaceURI(i))) {
                return true;
            }
        }
        return false;
    }

    private static StreamError error(StreamErrorCondition condition, String text) {
        return new StreamError(condition, text);
    }

    private static String nullToEmpty(String s) {
        return s == null ? "" : s;
    }
}
