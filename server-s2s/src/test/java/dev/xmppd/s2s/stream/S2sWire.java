package dev.xmppd.s2s.stream;

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

/** Reads what a server writes on an s2s stream back into elements, with the real decoder (test helper). */
public final class S2sWire {
    private static final String HEADER = "<stream:stream xmlns='jabber:server' xmlns:db='jabber:server:dialback'"
            + " xmlns:stream='http://etherx.jabber.org/streams' from='a.example' to='b.example' version='1.0'>";

    private S2sWire() {
    }

    /** Parses {@code bytes} as the content of an s2s stream (the header is supplied); releases {@code bytes}. */
    public static List<XmlElement> parse(ByteBuf bytes) {
        EmbeddedChannel ch = new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.S2S, Namespaces.SERVER));
        ch.writeInbound(Unpooled.copiedBuffer(HEADER, StandardCharsets.UTF_8));
        ch.writeInbound(bytes);
        List<XmlElement> out = new ArrayList<>();
        for (Object o; (o = ch.readInbound()) != null; ) {
            if (o instanceof XmlElement e) {
                out.add(e);
            } else if (!(o instanceof StreamOpen)) {
                throw new AssertionError("unexpected " + o);
            }
        }
        ch.finishAndReleaseAll();
        return out;
    }

    /** The single element in {@code bytes}. */
    public static XmlElement single(ByteBuf bytes) {
        List<XmlElement> all = parse(bytes);
        if (all.size() != 1) {
            throw new AssertionError("expected one element, got " + all);
        }
        return all.get(0);
    }
}
