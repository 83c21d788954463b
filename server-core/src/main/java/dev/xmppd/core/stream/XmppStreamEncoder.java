package dev.xmppd.core.stream;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandler.Sharable;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import io.netty.util.ReferenceCountUtil;
import java.nio.charset.StandardCharsets;

/**
 * Writes the outbound side of an XML stream:
 * <ul>
 *   <li>{@link XmlElement}: its cached {@link XmlElement#toBytes()}, wrapped without a copy (stanza namespaces are
 *       inherited from the stream, RFC 6120 §4.8.3);</li>
 *   <li>{@link Stanza}: its element, the same way;</li>
 *   <li>{@link StreamOpen}: {@link StreamOpen#toXml()}; {@link StreamClose}: {@code </stream:stream>};</li>
 *   <li>{@link StreamError}: {@link StreamError#toXml()} (the handler closes the stream after it);</li>
 *   <li>{@link ByteBuf}: unchanged.</li>
 * </ul>
 * Anything else fails the write promise with an {@link IllegalArgumentException} and is released.
 *
 * <p>Stateless and {@link Sharable}: one instance can serve every pipeline.
 */
@Sharable
public final class XmppStreamEncoder extends ChannelOutboundHandlerAdapter {
    private static final byte[] CLOSE = StreamClose.XML.getBytes(StandardCharsets.UTF_8);

    public XmppStreamEncoder() {
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        ByteBuf out = encode(msg);
        if (out == null) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("msg: " + msg.getClass().getName()
                    + " (expected: XmlElement, Stanza, StreamOpen, StreamClose, StreamError or ByteBuf)"));
            return;
        }
        ctx.write(out, promise);
    }

    /** The bytes for {@code msg}, or {@code null} if it is not something this encoder writes. */
    private static ByteBuf encode(Object msg) {
        if (msg instanceof XmlElement element) {
            return Unpooled.wrappedBuffer(element.toBytes());
        }
        if (msg instanceof Stanza stanza) {
            return Unpooled.wrappedBuffer(stanza.element().toBytes());
        }
        if (msg instanceof ByteBuf buf) {
            return buf;
        }
        if (msg instanceof StreamOpen open) {
            return Unpooled.wrappedBuffer(open.toXml().getBytes(StandardCharsets.UTF_8));
        }
        if (msg instanceof StreamClose) {
            return Unpooled.wrappedBuffer(CLOSE);
        }
        if (msg instanceof StreamError error) {
            return Unpooled.wrappedBuffer(error.toXml().getBytes(StandardCharsets.UTF_8));
        }
        return null;
    }
}
