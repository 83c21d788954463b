package dev.xmppd.c2s;

import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/** A plaintext client stream on an EmbeddedChannel, for the stream-management and client-state tests. */
final class C2sWire {
    private C2sWire() {
    }

    static EmbeddedChannel channel(C2sServices services) {
        return new EmbeddedChannel(new XmppStreamDecoder(StreamLimits.C2S, Namespaces.CLIENT),
                new XmppStreamEncoder(), new C2sStreamHandler(services, StartTlsPolicy.OPTIONAL));
    }

    /** SASL PLAIN for {@code user} with the password "pw". */
    static String auth(String user) {
        return "<auth xmlns='urn:ietf:params:xml:ns:xmpp-sasl' mechanism='PLAIN'>"
                + Base64.getEncoder().encodeToString(("\0" + user + "\0pw").getBytes(StandardCharsets.UTF_8))
                + "</auth>";
    }

    /** Feeds the input, runs what it scheduled, and returns what the server wrote. */
    static String run(EmbeddedChannel ch, String input) {
        ch.writeInbound(Unpooled.wrappedBuffer(input.getBytes(StandardCharsets.UTF_8)));
        ch.runPendingTasks();
        return drain(ch);
    }

    static String drain(EmbeddedChannel ch) {
        StringBuilder out = new StringBuilder();
        for (ByteBuf b; (b = ch.readOutbound()) != null; ) {
            out.append(b.toString(StandardCharsets.UTF_8));
            b.release();
        }
        return out.toString();
    }
}
