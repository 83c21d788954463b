package dev.xmppd.core.testing;

import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;

/** Parses XML snippets for tests with the real decoder, as the children of a {@code jabber:client} stream. */
public final class TestXml {
    private TestXml() {
    }

    /** One element, in the {@code jabber:client} default namespace unless it declares its own. */
    public static XmlElement parse(String xml) {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT));
        try {
            String stream = "<stream:stream xmlns='jabber:client' xmlns:stream='http://etherx.jabber.org/streams' "
                    + "version='1.0'>" + xml;
            ch.writeInbound(Unpooled.copiedBuffer(stream, StandardCharsets.UTF_8));
            Object open = ch.readInbound();
            if (!(open instanceof StreamOpen)) {
                throw new IllegalArgumentException("not a stream: " + open);
            }
            Object e = ch.readInbound();
            if (e instanceof StreamError error) {
                throw new IllegalArgumentException(error.condition().elementName() + ": " + error.text());
            }
            if (!(e instanceof XmlElement element)) {
                throw new IllegalArgumentException("no complete element in: " + xml);
            }
            return element;
        } finally {
            ch.finishAndReleaseAll();
        }
    }
}
