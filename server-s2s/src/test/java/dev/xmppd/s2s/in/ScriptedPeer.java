package dev.xmppd.s2s.in;

import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * A remote server scripted in XML against an inbound stream on an {@link EmbeddedChannel}: it writes bytes in, and
 * reads what the server wrote back through a real decoder, so assertions are on elements, not strings.
 */
final class ScriptedPeer {
    static final String HEADER = "<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='a.example' to='b.example' version='1.0'>";

    final EmbeddedChannel server;
    private EmbeddedChannel reader = newReader();
    private final List<Object> received = new ArrayList<>();

    ScriptedPeer(EmbeddedChannel server) {
        this.server = server;
    }

    private static EmbeddedChannel newReader() {
        return new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER));
    }

    /** Sends XML to the server, split in two at {@code split} bytes (or whole if out of range). */
    ScriptedPeer send(String xml) {
        server.writeInbound(Unpooled.copiedBuffer(xml, StandardCharsets.UTF_8));
        server.runPendingTasks();
        return this;
    }

    /** Everything the server wrote since the last call: StreamOpen, XmlElement, StreamClose. */
    List<Object> read() {
        server.runPendingTasks();
        for (Object o; (o = server.readOutbound()) != null; ) {
            reader.writeInbound((ByteBuf) o);
        }
        for (Object o; (o = reader.readInbound()) != null; ) {
            received.add(o);
        }
        List<Object> out = List.copyOf(received);
        received.clear();
        return out;
    }

    /** The elements the server wrote since the last read, skipping headers and the close. */
    List<XmlElement> elements() {
        return read().stream().filter(XmlElement.class::isInstance).map(XmlElement.class::cast).toList();
    }

    /** The single element the server wrote since the last read. */
    XmlElement element() {
        List<XmlElement> all = elements();
        if (all.size() != 1) {
            throw new AssertionError("expected one element, got " + all);
        }
        return all.get(0);
    }

    /** Reads the server's header and features after a (re)start; returns the header. */
    StreamOpen header() {
        List<Object> all = read();
        if (all.isEmpty() || !(all.get(0) instanceof StreamOpen open)) {
            throw new AssertionError("expected a stream header, got " + all);
        }
        received.addAll(all.subList(1, all.size()));
        return open;
    }

    /** The peer restarts its parser (after SASL success): the server sends a new header. */
    void restart() {
        read();
        reader.finishAndReleaseAll();
        reader = newReader();
    }

    /** True if the server ended the stream ({@code </stream:stream>}) and closed the connection. */
    boolean closed() {
        return read().contains(StreamClose.INSTANCE) && !server.isActive();
    }

    /** The condition of the {@code <stream:error/>} among {@code elements}, or {@code null}. */
    static String streamError(List<XmlElement> elements) {
        for (XmlElement e : elements) {
            if (e.is(Namespaces.STREAM, "error")) {
                return e.elements().get(0).name();
            }
        }
        return null;
    }

    void finish() {
        reader.finishAndReleaseAll();
        server.finishAndReleaseAll();
    }
}
