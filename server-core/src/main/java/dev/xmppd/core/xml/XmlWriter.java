package dev.xmppd.core.xml;

/**
 * Serializes {@link XmlElement}s, in UTF-8 as it goes ({@link Utf8Buffer}). A namespace is declared only where it
 * differs from the parent's; text and attribute values are escaped, and characters that XML 1.0 cannot carry are
 * replaced by U+FFFD.
 */
public final class XmlWriter {
    private static final byte[] STREAM_PREFIX = Utf8Buffer.ascii("stream:");
    private static final byte[] STREAM_DECLARATION = Utf8Buffer.ascii(" xmlns:stream='" + Namespaces.STREAM + "'");
    private static final byte[] XMLNS = Utf8Buffer.ascii(" xmlns='");

    private XmlWriter() {
    }

    /**
     * Writes {@code element} as if its parent's default namespace were {@code inheritedNamespace}
     * ({@code null}: no parent, always declare).
     */
    public static String write(XmlElement element, String inheritedNamespace) {
        Utf8Buffer out = Utf8Buffer.borrow();
        try {
            write(element, inheritedNamespace, out);
            return out.toString();
        } finally {
            out.release();
        }
    }

    /** As {@link #write(XmlElement, String)}, in UTF-8. */
    static void write(XmlElement element, String inheritedNamespace, Utf8Buffer out) {
        boolean streamPrefix = startTagBody(element, inheritedNamespace, out);
        if (!element.hasChildren()) {
            out.put('/').put('>');
            return;
        }
        out.put('>');
        for (XmlNode child : element.children()) {
            if (child instanceof XmlElement e) {
                write(e, element.namespace(), out);
            } else {
                out.text(((XmlText) child).text());
            }
        }
        endTag(element, streamPrefix, out);
    }

    /** Writes the start tag of an element that has children ({@code <name …>}), as {@link #write} would. */
    static void startTag(XmlElement element, String inheritedNamespace, Utf8Buffer out) {
        startTagBody(element, inheritedNamespace, out);
        out.put('>');
    }

    /** Writes the end tag of an element whose start tag {@link #startTag} wrote. */
    static void endTag(XmlElement element, Utf8Buffer out) {
        endTag(element, Namespaces.STREAM.equals(element.namespace()), out);
    }

    private static void endTag(XmlElement element, boolean streamPrefix, Utf8Buffer out) {
        out.put('<').put('/');
        if (streamPrefix) {
            out.put(STREAM_PREFIX);
        }
        out.name(element.name()).put('>');
    }

    /** Writes {@code <name} and the namespace and attributes; returns true for a stream-prefixed element. */
    private static boolean startTagBody(XmlElement element, String inheritedNamespace, Utf8Buffer out) {
        // Stream-level elements (features, error) take the 'stream' prefix the stream header declares.
        boolean streamPrefix = Namespaces.STREAM.equals(element.namespace());
        out.put('<');
        if (streamPrefix) {
            out.put(STREAM_PREFIX).name(element.name());
            // Declared unless the parent is a stream element too (or the stream header, for stream-relative output).
            if (!Namespaces.STREAM.equals(inheritedNamespace)) {
                out.put(STREAM_DECLARATION);
            }
        } else {
            out.name(element.name());
        }
        if (!streamPrefix && !element.namespace().equals(inheritedNamespace)) {
            out.put(XMLNS).attribute(element.namespace()).put('\'');
        }
        int prefixes = 0;
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            String name = element.attributeName(i);
            out.put(' ');
            if (name.charAt(0) == '{') {
                int close = name.indexOf('}');
                String prefix = "ns" + prefixes++;
                out.name("xmlns:").name(prefix).put('=').put('\'').attribute(name.substring(1, close)).put('\'')
                        .put(' ').name(prefix).put(':').name(name, close + 1, name.length());
            } else {
                out.name(name);
            }
            out.put('=').put('\'').attribute(element.attributeValue(i)).put('\'');
        }
        return streamPrefix;
    }

    /** Appends {@code s} as character data: {@code & < >} and carriage return escaped. */
    public static void escapeText(String s, StringBuilder out) {
        out.append(new Utf8Buffer(s.length() + 16).text(s));
    }

    /** Appends {@code s} as an attribute value in single quotes (see {@link Utf8Buffer#attribute}). */
    public static void escapeAttribute(String s, StringBuilder out) {
        out.append(new Utf8Buffer(s.length() + 16).attribute(s));
    }
}
