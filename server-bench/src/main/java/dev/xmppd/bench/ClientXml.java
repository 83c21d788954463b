package dev.xmppd.bench;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Parses benchmark inputs with the real decoder, as children of a {@code jabber:client} stream. */
final class ClientXml {
    static final String STREAM_HEADER = "<stream:stream to='example.com' xmlns='jabber:client'"
            + " xmlns:stream='http://etherx.jabber.org/streams' version='1.0'>";

    private ClientXml() {
    }

    /** One element, in the {@code jabber:client} namespace unless it declares its own. */
    static XmlElement element(String xml) {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        try {
            ch.writeInbound(Unpooled.copiedBuffer(STREAM_HEADER + xml, StandardCharsets.UTF_8));
            if (!(ch.readInbound() instanceof StreamOpen)) {
                throw new IllegalArgumentException("xml: no stream header parsed for " + xml);
            }
            Object e = ch.readInbound();
            if (!(e instanceof XmlElement element)) {
                throw new IllegalArgumentException("xml: " + e + " (expected: one complete element) for " + xml);
            }
            return element;
        } finally {
            ch.finishAndReleaseAll();
        }
    }

    static Stanza stanza(String xml) {
        return Stanza.parse(element(xml));
    }
}
