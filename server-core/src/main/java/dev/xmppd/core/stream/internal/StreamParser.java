package dev.xmppd.core.stream.internal;

import static java.util.Objects.requireNonNull;

import com.fasterxml.aalto.AsyncByteArrayFeeder;
import com.fasterxml.aalto.AsyncByteBufferFeeder;
import com.fasterxml.aalto.AsyncXMLInputFactory;
import com.fasterxml.aalto.AsyncXMLStreamReader;
import com.fasterxml.aalto.stax.InputFactoryImpl;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.xml.XmlElement;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import org.codehaus.stax2.XMLInputFactory2;

/**
 * One XML stream (from its header to its close tag) read with Aalto's non-blocking parser: turns bytes into
 * {@code StreamOpen}, one {@code XmlElement} per top-level child, {@code StreamClose}, or a single
 * {@code StreamError}, and enforces {@link StreamLimits} and the restrictions of RFC 6120 §11.1 on the way.
 * A stream restart takes a new instance. Internal to {@code XmppStreamDecoder}; not thread-safe.
 *
 * <p>Usage: {@link #feed} a range of a buffer, then call {@link #next()} until it returns {@code null}; then feed
 * again from the index {@code feed} returned. Aalto copies partial tokens, so a fed buffer may be reused once
 * {@code next()} has returned {@code null}.
 */
public final class StreamParser {
    private final StreamLimits limits;
    private final String contentNamespace;
    private final AsyncXMLStreamReader<AsyncByteBufferFeeder> reader;
    private final TreeBuilder tree = new TreeBuilder();
    private final ByteFeeder input;
    private long elementStart;
    private long lastEventEnd;
    private long lastMessageEnd;
    private boolean headerSeen;
    private boolean closed;
    private boolean failed;
    /** Non-whitespace text between top-level elements was read; an error once the text ends. */
    private boolean strayText;

    public StreamParser(AsyncXMLInputFactory factory, StreamLimits limits, String contentNamespace) {
        this.reader = requireNonNull(factory, "factory").createAsyncForByteBuffer();
        this.input = new ByteFeeder(reader.getInputFeeder());
        this.limits = requireNonNull(limits, "limits");
        this.contentNamespace = requireNonNull(contentNamespace, "contentNamespace");
    }

    /** An Aalto factory that resolves nothing and reports DTDs and entity references as events. */
    public static AsyncXMLInputFactory newFactory() {
        InputFactoryImpl factory = new InputFactoryImpl();
        // RFC 6120 §11.1: no DTD, no entities. Aalto's async parser never expands them; make sure it never tries.
        factory.setProperty(XMLInputFactory.SUPPORT_DTD, false);
        factory.setProperty(XMLInputFactory.IS_REPLACING_ENTITY_REFERENCES, false);
        factory.setProperty(XMLInputFactory.IS_SUPPORTING_EXTERNAL_ENTITIES, false);
        factory.setProperty(XMLInputFactory.IS_VALIDATING, false);
        factory.setProperty(XMLInputFactory.IS_NAMESPACE_AWARE, true);
        factory.setProperty(XMLInputFactory.IS_COALESCING, false);
        factory.setProperty(XMLInputFactory2.P_REPORT_CDATA, true);
        seedNames(factory);
        return factory;
    }

    /**
     * Parses {@link #COMMON_NAMES} once and closes the parser, which leaves those names in the factory's shared
     * name table. Every parser of the factory starts with a view of that table and copies it only when it meets a
     * name not in it, so a session that uses only common names keeps no name table of its own while idle (about
     * 1.5 KB per session otherwise). Parsers of peer streams are never closed into the factory: what peers send
     * cannot grow the shared table.
     */
    private static void seedNames(AsyncXMLInputFactory factory) {
        AsyncXMLStreamReader<AsyncByteArrayFeeder> seed = factory.createAsyncForByteArray();
        try {
            byte[] bytes = COMMON_NAMES.getBytes(StandardCharsets.UTF_8);
            seed.getInputFeeder().feedInput(bytes, 0, bytes.length);
            while (seed.next() != AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                // Reading the names is the point.
            }
            seed.close();
        } catch (XMLStreamException e) {
            throw new IllegalStateException("the built-in seed document is malformed", e);
        }
    }

    /** Element and attribute names of a typical client or server stream after authentication. */
    private static final String COMMON_NAMES = "<stream:stream xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' xmlns:db='jabber:server:dialback' to='' from=''"
            + " id='' version='1.0' xml:lang='en'><stream:features/><starttls/><proceed/><auth mechanism=''/>"
            + "<challenge/><response/><success/><failure/><abort/><db:result/><db:verify/><enable resume=''/>"
            + "<iq type='' id='' to='' from=''><bind><resource/><jid/></bind><session/><query node='' ver=''/>"
            + "<ping/><pubsub><items/><publish/><item jid='' name='' subscription='' ask=''/><group/>"
            + "</pubsub><vCard/><error code='' by=''/><text/></iq>"
            + "<presence type='' to='' from='' id=''><show/><status/><priority/><c hash='' node='' ver='' ext=''/>"
            + "<x/><delay stamp=''/><nick/></presence>"
            + "<message type='' to='' from='' id=''><body/><subject/><thread parent=''/><active/><composing/>"
            + "<paused/><inactive/><gone/><request/><received/><displayed/><markable/><store/><no-store/>"
            + "<origin-id/><stanza-id by=''/><result queryid=''/><forwarded/><sent/><private/><encrypted/>"
            + "</message><r/><a h=''/><resumed h='' previd=''/><enabled/>";

    /**
     * Feeds bytes {@code [from, to)} of {@code buffer} (absolute indexes); see {@link ByteFeeder#feed}.
     *
     * @return the index up to which bytes were consumed
     */
    public int feed(ByteBuffer buffer, int from, int to) {
        return failed || closed ? from : input.feed(buffer, from, to, !headerSeen);
    }

    /**
     * Parses on and returns the next {@code StreamOpen}, {@code XmlElement}, {@code StreamClose} or
     * {@code StreamError}, or {@code null} when more input is needed (or after the close tag or an error).
     */
    public Object next() {
        if (failed || closed) {
            return null;
        }
        try {
            for (;;) {
                int event = reader.next();
                Object message = onEvent(event);
                if (message != null || event == AsyncXMLStreamReader.EVENT_INCOMPLETE) {
                    return message;
                }
            }
        } catch (XMLStreamException e) {
            return fail(classify(e), firstLine(String.valueOf(e.getMessage())));
        } catch (RuntimeException e) {
            // Aalto reports some malformed input with unchecked exceptions; none may escape the decoder.
            return fail(StreamErrorCondition.NOT_WELL_FORMED, firstLine(String.valueOf(e.getMessage())));
        }
    }

    /** The index, in the buffer of the last {@link #feed}, just after the message {@link #next()} returned last. */
    public int lastMessageEndIndex() {
        return input.indexOf(lastMessageEnd);
    }

    /** Bytes fed after the end of the last message (or header) returned. */
    public long bytesAfterLastMessage() {
        return input.fed() + input.carried() - lastMessageEnd;
    }

    /** True if every byte fed belongs to a returned message or to whitespace between them. */
    public boolean isAtBoundary() {
        return tree.depth() == 0 && input.fed() == lastEventEnd && input.carried() == 0 && !input.hasDeferred();
    }

    /** True once the close tag was read. */
    public boolean isClosed() {
        return closed;
    }

    private Object onEvent(int event) throws XMLStreamException {
        if (strayText && event != AsyncXMLStreamReader.EVENT_INCOMPLETE && !isText(event)) {
            // RFC 6120 §4.9.3.1: character data at the stream level is XML we cannot process. Reported once the
            // text is over, so the error does not depend on where the reads split it.
            return fail(StreamErrorCondition.BAD_FORMAT, "character data outside a stanza");
        }
        switch (event) {
            case AsyncXMLStreamReader.EVENT_INCOMPLETE:
                return onIncomplete();
            case XMLStreamConstants.START_DOCUMENT:
                return onXmlDeclaration();
            case XMLStreamConstants.START_ELEMENT:
                return onStartElement();
            case XMLStreamConstants.END_ELEMENT:
                return onEndElement();
            case XMLStreamConstants.CHARACTERS:
            case XMLStreamConstants.SPACE:
            case XMLStreamConstants.CDATA:
                return onText();
            case XMLStreamConstants.COMMENT:
                return restricted("comments");
            case XMLStreamConstants.PROCESSING_INSTRUCTION:
                return restricted("processing instructions");
            case XMLStreamConstants.DTD:
                return restricted("document type declarations");
            case XMLStreamConstants.ENTITY_REFERENCE:
                return restricted("entity references");
            default:
                return fail(StreamErrorCondition.NOT_WELL_FORMED, "unexpected XML event " + event);
        }
    }

    private Object onIncomplete() {
        // Limits first: they may already be crossed by the bytes before a deferred violation.
        long fed = input.fed();
        if (!headerSeen) {
            if (fed > limits.maxHeaderBytes()) {
                return overLimit("maxHeaderBytes", fed, limits.maxHeaderBytes());
            }
        } else {
            long pending = fed - (tree.depth() > 0 ? elementStart : lastEventEnd);
            if (pending > limits.maxStanzaBytes()) {
                return overLimit("maxStanzaBytes", pending, limits.maxStanzaBytes());
            }
        }
        StreamError deferred = input.takeDeferred(headerSeen);
        if (deferred != null) {
            failed = true;
        }
        return deferred;
    }

    private Object onXmlDeclaration() {
        String encoding = reader.getCharacterEncodingScheme();
        // RFC 6120 §11.6: UTF-8 only.
        if (encoding != null && !"UTF-8".equalsIgnoreCase(encoding)) {
            return fail(StreamErrorCondition.UNSUPPORTED_ENCODING, "encoding: " + encoding + " (expected: UTF-8)");
        }
        return null;
    }

    private Object onStartElement() throws XMLStreamException {
        int attributes = reader.getAttributeCount() + reader.getNamespaceCount();
        if (attributes > limits.maxAttributes()) {
            return overLimit("maxAttributes", attributes, limits.maxAttributes());
        }
        if (!headerSeen) {
            return onHeader();
        }
        int depth = tree.depth() + 1;
        if (depth > limits.maxDepth()) {
            return overLimit("maxDepth", depth, limits.maxDepth());
        }
        if (depth == 1) {
            elementStart = reader.getLocationInfo().getStartingByteOffset();
        }
        tree.start(reader);
        return null;
    }

    private Object onHeader() throws XMLStreamException {
        long end = reader.getLocationInfo().getEndingByteOffset();
        if (end > limits.maxHeaderBytes()) {
            return overLimit("maxHeaderBytes", end, limits.maxHeaderBytes());
        }
        Object header = StreamHeaders.read(reader, contentNamespace);
        if (header instanceof StreamError error) {
            failed = true;
            return error;
        }
        headerSeen = true;
        lastEventEnd = end;
        lastMessageEnd = end;
        return header;
    }

    private Object onEndElement() throws XMLStreamException {
        long end = reader.getLocationInfo().getEndingByteOffset();
        if (tree.depth() == 0) {
            closed = true;
            lastEventEnd = end;
            lastMessageEnd = end;
            return StreamClose.INSTANCE;
        }
        XmlElement element = tree.end();
        if (element == null) {
            return null;
        }
        if (end - elementStart > limits.maxStanzaBytes()) {
            return overLimit("maxStanzaBytes", end - elementStart, limits.maxStanzaBytes());
        }
        lastEventEnd = end;
        lastMessageEnd = end;
        return element;
    }

    private Object onText() throws XMLStreamException {
        char[] chars = reader.getTextCharacters();
        int start = reader.getTextStart();
        int length = reader.getTextLength();
        if (tree.depth() > 0) {
            tree.text(chars, start, length);
            return null;
        }
        // Between top-level elements only whitespace (keepalives, RFC 6120 §4.6.1) may appear; it is dropped.
        for (int i = start, end = start + length; i < end; i++) {
            char c = chars[i];
            if (c != ' ' && c != '\t' && c != '\n' && c != '\r') {
                strayText = true;
            }
        }
        if (!strayText) {
            lastEventEnd = reader.getLocationInfo().getEndingByteOffset();
        }
        return null;
    }

    private static boolean isText(int event) {
        return event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.SPACE
                || event == XMLStreamConstants.CDATA;
    }

    private Object restricted(String what) {
        return fail(StreamErrorCondition.RESTRICTED_XML, what + " are not allowed (RFC 6120 §11.1)");
    }

    private Object overLimit(String limit, long value, int max) {
        return fail(StreamErrorCondition.POLICY_VIOLATION, limit + ": " + value + " (expected: <= " + max + ")");
    }

    private StreamError fail(StreamErrorCondition condition, String text) {
        failed = true;
        return new StreamError(condition, text);
    }

    private static StreamErrorCondition classify(XMLStreamException e) {
        String message = String.valueOf(e.getMessage());
        if (message.startsWith("Unsupported encoding")) {
            return StreamErrorCondition.UNSUPPORTED_ENCODING;
        }
        if (message.startsWith("Unexpanded ENTITY_REFERENCE")) {
            // An entity reference in an attribute value; in text Aalto reports it as an event instead.
            return StreamErrorCondition.RESTRICTED_XML;
        }
        return StreamErrorCondition.NOT_WELL_FORMED;
    }

    private static String firstLine(String message) {
        int newline = message.indexOf('\n');
        String line = (newline < 0 ? message : message.substring(0, newline)).strip();
        return line.length() > 200 ? line.substring(0, 200) : line;
    }
}
