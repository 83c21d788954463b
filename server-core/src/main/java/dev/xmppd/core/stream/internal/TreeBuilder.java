package dev.xmppd.core.stream.internal;

import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import dev.xmppd.core.xml.XmlText;
import java.util.ArrayList;
import java.util.Arrays;
import javax.xml.stream.XMLStreamReader;

/**
 * Builds one top-level element at a time from parser events. The frames of the open elements and the text buffer
 * are reused from element to element, so a stanza costs its own nodes and little else.
 */
final class TreeBuilder {
    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final XmlNode[] NO_CHILDREN = new XmlNode[0];
    private static final String XML_LANG = "xml:lang";
    /** Buffers that grew beyond this while holding a large stanza are dropped afterwards. */
    private static final int RETAINED_CAPACITY = 1024;
    private static final int RETAINED_CHILDREN = 64;

    private Frame[] frames = new Frame[8];
    private int depth;
    private StringBuilder text = new StringBuilder(64);

    /** Open elements; 1 while inside a top-level element's own content. */
    int depth() {
        return depth;
    }

    /** Opens an element from the reader's current START_ELEMENT event. */
    void start(XMLStreamReader reader) {
        flushText();
        if (depth == frames.length) {
            frames = Arrays.copyOf(frames, depth * 2);
        }
        Frame frame = frames[depth];
        if (frame == null) {
            frame = new Frame();
            frames[depth] = frame;
        }
        String namespace = reader.getNamespaceURI();
        frame.namespace = namespace == null ? "" : namespace;
        frame.name = reader.getLocalName();
        frame.attributes = attributes(reader);
        depth++;
    }

    /** Appends character data to the innermost open element. */
    void text(char[] chars, int start, int length) {
        text.append(chars, start, length);
    }

    /** Closes the innermost element; returns it when it is a top-level element, else {@code null}. */
    XmlElement end() {
        flushText();
        Frame frame = frames[--depth];
        ArrayList<XmlNode> children = frame.children;
        XmlElement element = XmlElement.of(frame.namespace, frame.name, frame.attributes,
                children.isEmpty() ? NO_CHILDREN : children.toArray(NO_CHILDREN));
        frame.clear();
        if (depth > 0) {
            frames[depth - 1].children.add(element);
            return null;
        }
        if (text.capacity() > RETAINED_CAPACITY) {
            text = new StringBuilder(64);
        }
        return element;
    }

    private void flushText() {
        if (text.length() > 0) {
            frames[depth - 1].children.add(new XmlText(text.toString()));
            text.setLength(0);
        }
    }

    /** The attributes in {@link XmlElement}'s flat form; namespace declarations are not attributes. */
    private static String[] attributes(XMLStreamReader reader) {
        int count = reader.getAttributeCount();
        if (count == 0) {
            return NO_ATTRIBUTES;
        }
        String[] out = new String[count * 2];
        for (int i = 0; i < count; i++) {
            out[i * 2] = attributeName(reader.getAttributeNamespace(i), reader.getAttributeLocalName(i));
            out[i * 2 + 1] = reader.getAttributeValue(i);
        }
        return out;
    }

    /**
     * Unqualified attributes by local name; those in the XML namespace (the {@code xml:} prefix is fixed by
     * XML Namespaces §3) as {@code xml:local}; any other as {@code {uri}local}.
     */
    static String attributeName(String namespace, String localName) {
        if (namespace == null || namespace.isEmpty()) {
            return localName;
        }
        if (Namespaces.XML.equals(namespace)) {
            return "lang".equals(localName) ? XML_LANG : "xml:" + localName;
        }
        return "{" + namespace + "}" + localName;
    }

    private static final class Frame {
        ArrayList<XmlNode> children = new ArrayList<>();
        String namespace;
        String name;
        String[] attributes;

        void clear() {
            if (children.size() > RETAINED_CHILDREN) {
                children = new ArrayList<>();
            } else {
                children.clear();
            }
            namespace = null;
            name = null;
            attributes = null;
        }
    }
}
