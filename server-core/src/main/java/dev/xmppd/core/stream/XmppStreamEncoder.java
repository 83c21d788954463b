package dev.xmppd.core.stream;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
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
 *   <li>{@link XmlElement}: its stream-relative serialization ({@link XmlElement#writeTo}: stanza namespaces are
 *       inherited from the stream, RFC 6120 §4.8.3), copied once, from the serializer's buffer or the element's
 *       cached bytes, into a buffer the transport can write directly (a direct buffer for epoll and NIO);</li>
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
        ByteBuf out = encode(ctx.alloc(), msg);
        if (out == null) {
            ReferenceCountUtil.release(msg);
            promise.setFailure(new IllegalArgumentException("msg: " + msg.getClass().getName()
                    + " (expected: XmlElement, Stanza, StreamOpen, StreamClose, StreamError or ByteBuf)"));
            return;
        }
        ctx.write(out, promise);
    }

    /** The bytes for {@code msg}, or {@code null} if it is not something this encoder writes. */
    private static ByteBuf encode(ByteBufAllocator alloc, Object msg) {
        if (msg instanceof XmlElement element) {
            return copy(alloc, element);
        }
        if (msg instanceof Stanza stanza) {
            return copy(alloc, stanza.element());
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

    private static ByteBuf copy(ByteBufAllocator alloc, XmlElement element) {
        return element.writeTo((bytes, length) -> alloc.ioBuffer(length).writeBytes(bytes, 0, length));
    }
}
