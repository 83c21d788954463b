package dev.xmppd.c2s.socks5;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.CompositeByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.util.ReferenceCountUtil;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A handshaken connection waiting for activation. It keeps reading, so that a client that goes away is noticed at
 * once, and holds what arrives early for the peer: XEP-0065 §9 lets a proxy drop such bytes, but a relay that holds
 * them cannot lose the first bytes of a requester that starts writing the moment its activation result arrives.
 * That result can even overtake the activation on the connection's event loop (the activation hops there), so
 * beyond {@value #MAX_EARLY_BYTES} bytes reading stops until the relay starts, instead of closing: TCP then holds
 * the sender back, and the activation deadline ends a connection that is never activated.
 */
final class Socks5Waiting extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Socks5Waiting.class);
    static final int MAX_EARLY_BYTES = 64 * 1024;

    private CompositeByteBuf early;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (!(msg instanceof ByteBuf bytes)) {
            ReferenceCountUtil.release(msg);
            return;
        }
        if (early == null) {
            early = ctx.alloc().compositeBuffer();
        }
        early.addComponent(true, bytes);
        if (early.readableBytes() >= MAX_EARLY_BYTES && ctx.channel().config().isAutoRead()) {
            log.debug("proxy65: {} sent {} bytes before activation; reading waits for it",
                    ctx.channel().remoteAddress(), early.readableBytes());
            ctx.channel().config().setAutoRead(false);
        }
    }

    /** What arrived before activation, now the caller's to write or release; null if nothing. */
    ByteBuf takeEarlyBytes() {
        ByteBuf taken = early;
        early = null;
        return taken;
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        if (early != null) {
            early.release();
            early = null;
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("proxy65: closing {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }
}
