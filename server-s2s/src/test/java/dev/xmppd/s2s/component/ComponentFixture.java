package dev.xmppd.s2s.component;

import dev.xmppd.core.config.ComponentConfig;
import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.session.LocalSessionRegistry;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.testing.RecordingSession;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The host example.com with alice online, and the component gw.example.com (secret {@value #SECRET}) served by
 * {@link ComponentLinks} as {@link ComponentServer} does; {@link #connect()} opens a scripted component stream on an
 * EmbeddedChannel.
 */
final class ComponentFixture {
    static final String DOMAIN = "gw.example.com";
    static final String SECRET = "s3cret";
    static final String HEADER = "<stream:stream xmlns='jabber:component:accept'"
            + " xmlns:stream='http://etherx.jabber.org/streams' to='" + DOMAIN + "'>";

    final LocalSessionRegistry sessions = new LocalSessionRegistry();
    final StanzaRouter router = new StanzaRouter(List.of("example.com"), sessions,
            new MemoryStorageProvider().accounts(), new EventBus());
    final ComponentLinks links = new ComponentLinks(Map.of(DOMAIN, new ComponentConfig(SECRET, "Gateway")));
    final RecordingSession alice = new RecordingSession("alice@example.com/phone").available(0);
    final LimitsConfig limits = LimitsConfig.defaults();

    ComponentFixture() {
        sessions.add(alice);
        router.serveDomain(DOMAIN, "Gateway", s -> links.deliver(DOMAIN, s));
    }

    Peer connect() {
        return new Peer(new EmbeddedChannel(
                new XmppStreamDecoder(ComponentChannelInitializer.streamLimits(limits), Namespaces.COMPONENT),
                new XmppStreamEncoder(),
                new ComponentStreamHandler(links, router, limits.unauthenticatedTimeout(),
                        limits.outputBufferBytes())));
    }

    /** Opens the stream and completes the handshake; the returned peer has read the server's answers. */
    Peer authenticated() {
        Peer peer = connect();
        StreamOpen header = peer.send(HEADER).header();
        peer.send("<handshake>" + Handshake.digest(header.id(), SECRET) + "</handshake>");
        XmlElement answer = peer.element();
        if (!answer.is(Namespaces.COMPONENT, "handshake")) {
            throw new AssertionError("expected <handshake/>, got " + answer.toXml());
        }
        return peer;
    }

    /** A component scripted in XML: writes bytes in, reads what the server wrote through a real decoder. */
    static final class Peer {
        final EmbeddedChannel server;
        private final EmbeddedChannel reader = new EmbeddedChannel(
                new XmppStreamDecoder(StreamLimits.S2S, Namespaces.COMPONENT));
        private final List<Object> received = new ArrayList<>();

        Peer(EmbeddedChannel server) {
            this.server = server;
        }

        Peer send(String xml) {
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

        List<XmlElement> elements() {
            return read().stream().filter(XmlElement.class::isInstance).map(XmlElement.class::cast).toList();
        }

        XmlElement element() {
            List<XmlElement> all = elements();
            if (all.size() != 1) {
                throw new AssertionError("expected one element, got " + all);
            }
            return all.get(0);
        }

        StreamOpen header() {
            List<Object> all = read();
            if (all.isEmpty() || !(all.get(0) instanceof StreamOpen open)) {
                throw new AssertionError("expected a stream header, got " + all);
            }
            received.addAll(all.subList(1, all.size()));
            return open;
        }

        /** The condition of the stream error the server sent since the last read; the stream must be closed. */
        String streamErrorAndClose() {
            List<Object> all = read();
            if (!all.contains(StreamClose.INSTANCE) || server.isActive()) {
                throw new AssertionError("expected the stream closed, got " + all);
            }
            for (Object o : all) {
                if (o instanceof XmlElement e && e.is(Namespaces.STREAM, "error")) {
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
}
