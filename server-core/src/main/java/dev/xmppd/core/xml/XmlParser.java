package dev.xmppd.core.xml;

import static java.util.Objects.requireNonNull;

import com.fasterxml.aalto.stax.InputFactoryImpl;
import java.io.StringReader;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;

/**
 * Parses one complete XML element held in memory, e.g. a value the stores kept as {@link XmlElement#toXml()}
 * text. The tree has the shape the stream decoder gives: adjacent character data (CDATA sections included) is one
 * {@link XmlText}, attributes follow {@link XmlElement}'s naming ({@code xml:lang}, {@code {uri}local}), namespace
 * declarations are not attributes, and an element without namespace has the namespace {@code ""}.
 *
 * <p>For every element {@code e} whose text nodes are non-empty and never adjacent, and whose text holds only
 * characters XML 1.0 can carry, {@code parse(e.toXml())} equals {@code e}.
 *
 * <p>As on a stream (RFC 6120 §11.1), document type declarations and entity references other than the five
 * predefined ones are refused, so nothing is ever expanded or fetched; comments and processing instructions carry
 * no data and are skipped. Thread-safe; stateless apart from the configured parser factory.
 */
public final class XmlParser {

    private static final XMLInputFactory FACTORY = newFactory();
    private static final String[] NO_ATTRIBUTES = new String[0];
    private static final XmlNode[] NO_CHILDREN = new XmlNode[0];

    private XmlParser() {
    }

    /**
     * Parses a document holding exactly one element (an XML declaration and surrounding whitespace are allowed).
     *
     * @throws IllegalArgumentException if the text is not such a document
     */
    public static XmlElement parse(String xml) {
        requireNonNull(xml, "xml");
        try {
            XMLStreamReader reader = FACTORY.createXMLStreamReader(new StringReader(xml));
            try {
                return read(reader);
            } finally {
                reader.close();
            }
        } catch (IllegalArgumentException e) {
            throw e;
        } catch (XMLStreamException | RuntimeException e) {
            // Aalto reports some malformed input with unchecked exceptions.
            throw new IllegalArgumentException("xml: not well-formed (" + firstLine(e.getMessage()) + ")", e);
        }
    }

    /**
     * Parses UTF-8 bytes as {@link #parse(String)} does; a leading byte order mark is skipped, and an encoding named
     * in the XML declaration is ignored.
     *
     * @throws IllegalArgumentException if the bytes are not UTF-8 or not such a document
     */
    public static XmlElement parse(byte[] utf8) {
        requireNonNull(utf8, "utf8");
        String text;
        try {
            text = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(utf8)).toString();
        } catch (CharacterCodingException e) {
            throw new IllegalArgumentException("xml: not UTF-8 (" + e.getMessage() + ")", e);
        }
        return parse(text.startsWith("\uFEFF") ? text.substring(1) : text);
    }

    private static XmlElement read(XMLStreamReader reader) throws XMLStreamException {
        ArrayDeque<Frame> open = new ArrayDeque<>();
        XmlElement root = null;
        while (reader.hasNext()) {
            int event = reader.next();
            switch (event) {
                case XMLStreamConstants.START_ELEMENT -> open.push(new Frame(reader));
                case XMLStreamConstants.END_ELEMENT -> {
                    XmlElement element = open.pop().build();
                    if (open.isEmpty()) {
                        root = element;
                    } else {
                        open.peek().add(element);
                    }
                }
                case XMLStreamConstants.CHARACTERS, XMLStreamConstants.CDATA, XMLStreamConstants.SPACE -> {
                    // Whitespace around the root is no content; the parser refuses anything else there.
                    if (!open.isEmpty()) {
                        open.peek().text(reader.getTextCharacters(), reader.getTextStart(), reader.getTextLength());
                    }
                }
                case XMLStreamConstants.DTD -> throw refused("document type declarations");
                case XMLStreamConstants.ENTITY_REFERENCE -> throw refused("entity references");
                default -> {
                    // START_DOCUMENT, END_DOCUMENT, COMMENT, PROCESSING_INSTRUCTION: no data.
                }
            }
        }
        if (root == null) {
            throw new IllegalArgumentException("xml: no element");
        }
        return root;
    }

    private static IllegalArgumentException refused(String what) {
        return new IllegalArgumentException("xml: " + what + " are not allowed (RFC 6120 §11.1)");
    }

    /**
     * Unqualified attributes by local name; those in the XML namespace as {@code xml:local}; any other as
     * {@code {uri}local} — the naming of {@link XmlElement}, as the stream decoder applies it.
     */
    static String attributeName(String namespace, String localName) {
        if (namespace == null || namespace.isEmpty()) {
            return localName;
        }
        if (Namespaces.XML.equals(namespace)) {
            return "xml:" + localName;
        }
        return "{" + namespace + "}" + localName;
    }

    private static String firstLine(String message) {
        String m = String.valueOf(message);
        int newline = m.indexOf('\n');
        String line = (newline < 0 ? m : m.substring(0, newline)).strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }

    private static XMLInputFactory newFactory() {
        XMLInputFactory factory = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTD, no entities; nothing is resolved, loaded or expanded.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        return factory;
    }

    /** An open element: its name and attributes, the children so far, and the text not yet made a node. */
    private static final class Frame {
        private final String namespace;
        private final String name;
        private final String[] attributes;
        private final List<XmlNode> children = new ArrayList<>(2);
        private final StringBuilder text = new StringBuilder();

        Frame(XMLStreamReader reader) {
            String uri = reader.getNamespaceURI();
            this.namespace = uri == null ? "" : uri;
            this.name = reader.getLocalName();
            int count = reader.getAttributeCount();
            this.attributes = count == 0 ? NO_ATTRIBUTES : new String[count * 2];
            for (int i = 0; i < count; i++) {
                attributes[i * 2] = attributeName(reader.getAttributeNamespace(i), reader.getAttributeLocalName(i));
                attributes[i * 2 + 1] = reader.getAttributeValue(i);
            }
        }

        void text(char[] chars, int start, int length) {
            text.append(chars, start, length);
        }

        void add(XmlElement child) {
            flushText();
            children.add(child);
        }

        XmlElement build() {
            flushText();
            return XmlElement.of(namespace, name, attributes,
                    children.isEmpty() ? NO_CHILDREN : children.toArray(NO_CHILDREN));
        }

        private void flushText() {
            if (text.length() > 0) {
                children.add(new XmlText(text.toString()));
                text.setLength(0);
            }
        }
    }
}
