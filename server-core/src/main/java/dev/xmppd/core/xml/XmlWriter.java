package dev.xmppd.core.xml;

/**
 * Serializes {@link XmlElement}s. A namespace is declared only where it differs from the parent's; text and
 * attribute values are escaped, and characters that XML 1.0 cannot carry are replaced by U+FFFD.
 */
public final class XmlWriter {
    private XmlWriter() {
    }

    /**
     * Writes {@code element} as if its parent's default namespace were {@code inheritedNamespace}
     * ({@code null}: no parent, always declare).
     */
    public static String write(XmlElement element, String inheritedNamespace) {
        StringBuilder sb = new StringBuilder(128);
        write(element, inheritedNamespace, sb);
        return sb.toString();
    }

    public static void write(XmlElement element, String inheritedNamespace, StringBuilder out) {
        boolean streamPrefix = startTagBody(element, inheritedNamespace, out);
        if (!element.hasChildren()) {
            out.append("/>");
            return;
        }
        out.append('>');
        for (XmlNode child : element.children()) {
            if (child instanceof XmlElement e) {
                write(e, element.namespace(), out);
            } else {
                escapeText(((XmlText) child).text(), out);
            }
        }
        out.append("</").append(streamPrefix ? "stream:" : "").append(element.name()).append('>');
    }

    /** Writes the start tag of an element that has children ({@code <name …>}), as {@link #write} would. */
    static void startTag(XmlElement element, String inheritedNamespace, StringBuilder out) {
        startTagBody(element, inheritedNamespace, out);
        out.append('>');
    }

    /** Writes {@code <name} and the namespace and attributes; returns true for a stream-prefixed element. */
    private static boolean startTagBody(XmlElement element, String inheritedNamespace, StringBuilder out) {
        // Stream-level elements (features, error) take the 'stream' prefix the stream header declares.
        boolean streamPrefix = Namespaces.STREAM.equals(element.namespace());
        out.append('<');
        if (streamPrefix) {
            out.append("stream:").append(element.name());
            // Declared unless the parent is a stream element too (or the stream header, for stream-relative output).
            if (!Namespaces.STREAM.equals(inheritedNamespace)) {
                out.append(" xmlns:stream='").append(Namespaces.STREAM).append('\'');
            }
        } else {
            out.append(element.name());
        }
        if (!streamPrefix && !element.namespace().equals(inheritedNamespace)) {
            out.append(" xmlns='");
            escapeAttribute(element.namespace(), out);
            out.append('\'');
        }
        int prefixes = 0;
        for (int i = 0, n = element.attributeCount(); i < n; i++) {
            String name = element.attributeName(i);
            out.append(' ');
            if (name.charAt(0) == '{') {
                int close = name.indexOf('}');
                String prefix = "ns" + prefixes++;
                out.append("xmlns:").append(prefix).append("='");
                escapeAttribute(name.substring(1, close), out);
                out.append("' ").append(prefix).append(':').append(name, close + 1, name.length());
            } else {
                out.append(name);
            }
            out.append("='");
            escapeAttribute(element.attributeValue(i), out);
            out.append('\'');
        }
        return streamPrefix;
    }

    public static void escapeText(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\r' -> out.append("&#13;");
                default -> appendChar(s, i, out);
            }
        }
    }

    public static void escapeAttribute(String s, StringBuilder out) {
        for (int i = 0, n = s.length(); i < n; i++) {
            char c = s.charAt(i);
            switch (c) {
                case '&' -> out.append("&amp;");
                case '<' -> out.append("&lt;");
                case '>' -> out.append("&gt;");
                case '\'' -> out.append("&apos;");
                case '"' -> out.append("&quot;");
                case '\t' -> out.append("&#9;");
                case '\n' -> out.append("&#10;");
                case '\r' -> out.append("&#13;");
                default -> appendChar(s, i, out);
            }
        }
    }

    private static void appendChar(String s, int i, StringBuilder out) {
        char c = s.charAt(i);
        // XML 1.0 §2.2: no C0 controls but tab, newline and carriage return; no U+FFFE/U+FFFF; no surrogate
        // without its other half (UTF-8 cannot encode one).
        if ((c < 0x20 && c != '\t' && c != '\n') || c == '\uFFFE' || c == '\uFFFF' || unpairedSurrogate(s, i)) {
            out.append('\uFFFD');
        } else {
            out.append(c);
        }
    }

    private static boolean unpairedSurrogate(String s, int i) {
        char c = s.charAt(i);
        if (Character.isHighSurrogate(c)) {
            return i + 1 == s.length() || !Character.isLowSurrogate(s.charAt(i + 1));
        }
        return Character.isLowSurrogate(c) && (i == 0 || !Character.isHighSurrogate(s.charAt(i - 1)));
    }
}
