package dev.xmppd.c2s.socks5;

import static java.util.Objects.requireNonNull;

import io.netty.buffer.Unpooled;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleStateEvent;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One direction of an activated bytestream: what this connection reads is written to its peer. When the peer's
 * outbound buffer passes its high-water mark this connection stops reading, and the peer's handler resumes it once
 * the buffer drains, so a fast sender and a slow receiver hold at most the write buffer in memory. When one side
 * closes (or stays idle too long), what it sent is flushed to the other, which is then closed: a file transfer's
 * end of file.
 */
final class Socks5Pipe extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(Socks5Pipe.class);

    private final Channel peer;

    Socks5Pipe(Channel peer) {
        this.peer = requireNonNull(peer, "peer");
    }

    /** The peer may have stopped reading for this connection before this handler was here to resume it. */
    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        peer.write(msg, peer.voidPromise());
        if (!peer.isWritable()) {
            ctx.channel().config().setAutoRead(false);
        }
    }

    @Override
    public void channelReadComplete(ChannelHandlerContext ctx) {
        peer.flush();
    }

    /** This connection drained: its peer may read again. */
    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (ctx.channel().isWritable()) {
            peer.config().setAutoRead(true);
        }
        ctx.fireChannelWritabilityChanged();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        closeAfterFlush(peer);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent) {
            log.debug("proxy65: closing an idle bytestream from {}", ctx.channel().remoteAddress());
            ctx.close();
        } else {
            ctx.fireUserEventTriggered(evt);
        }
    }

    @Override
    public void exceptionCaught(ChannelHandlerContext ctx, Throwable cause) {
        log.debug("proxy65: closing the bytestream from {}: {}", ctx.channel().remoteAddress(), cause.toString());
        ctx.close();
    }

    static void closeAfterFlush(Channel channel) {
        if (channel.isActive()) {
            channel.writeAndFlush(Unpooled.EMPTY_BUFFER).addListener(ChannelFutureListener.CLOSE);
        }
    }
}
