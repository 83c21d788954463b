package dev.xmppd.c2s.bosh;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamClose;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlWriter;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * The outbound side of a BOSH session's stream, nearest the {@link BoshChannel}: each element becomes the bytes of
 * a body child with its namespaces declared ({@code jabber:client} on stanzas, XEP-0206 §8); the stream header gives
 * the session its {@code authid} and is not sent; a stream error or close becomes the {@link BoshSession.Terminate}
 * that ends the session; a whitespace keepalive is dropped (empty responses keep a BOSH client alive).
 */
final class BoshFraming extends ChannelOutboundHandlerAdapter {
    private final BoshSession session;

    BoshFraming(BoshSession session) {
        this.session = session;
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (msg instanceof XmlElement element) {
            ctx.write(bytes(element), promise);
        } else if (msg instanceof Stanza stanza) {
            ctx.write(bytes(stanza.element()), promise);
        } else if (msg instanceof StreamOpen open) {
            session.streamOpened(open);
            promise.setSuccess();
        } else if (msg instanceof StreamError error) {
            ctx.write(new BoshSession.Terminate("remote-stream-error", error.toXml()), promise);
        } else if (msg == StreamClose.INSTANCE) {
            ctx.write(BoshSession.Terminate.CLOSE, promise);
        } else if (msg instanceof ByteBuf) {
            ReferenceCountUtil.release(msg);
            promise.setSuccess();
        } else {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("msg: " + msg.getClass().getName()
                    + " (expected: XmlElement, Stanza, StreamOpen, StreamClose, StreamError or a whitespace ByteBuf)"));
        }
    }

    private static ByteBuf bytes(XmlElement element) {
        return Unpooled.wrappedBuffer(XmlWriter.write(element, "").getBytes(StandardCharsets.UTF_8));
    }
}
