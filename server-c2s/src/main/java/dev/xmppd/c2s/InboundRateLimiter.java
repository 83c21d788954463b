package dev.xmppd.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import java.util.concurrent.TimeUnit;

/**
 * Caps the sustained input rate of one connection with a token bucket ({@code limits.bytes-per-second}, bursts up
 * to one second's worth): when the bucket is empty, reading pauses until it has refilled, so a flooding client
 * slows itself down instead of slowing everyone else. Sits in front of TLS and the decoder, so it counts bytes on
 * the wire.
 */
final class InboundRateLimiter extends ChannelInboundHandlerAdapter {
    private final long bytesPerSecond;
    private long tokens;
    private long lastRefill = System.nanoTime();
    private boolean paused;

    InboundRateLimiter(long bytesPerSecond) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: > 0)");
        }
        this.bytesPerSecond = bytesPerSecond;
        this.tokens = bytesPerSecond;
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (msg instanceof ByteBuf buf) {
            refill();
            tokens -= buf.readableBytes();
            if (tokens < 0 && !paused) {
                paused = true;
                ctx.channel().config().setAutoRead(false);
                long waitNanos = -tokens * 1_000_000_000L / bytesPerSecond;
                ctx.executor().schedule(() -> resume(ctx), waitNanos, TimeUnit.NANOSECONDS);
            }
        }
        ctx.fireChannelRead(msg);
    }

    private void resume(ChannelHandlerContext ctx) {
        paused = false;
        // The stream handler may have paused reading for its own reasons; it resumes reading itself.
        C2sStreamHandler stream = ctx.pipeline().get(C2sStreamHandler.class);
        if (ctx.channel().isActive() && (stream == null || !stream.isBusy())) {
            ctx.channel().config().setAutoRead(true);
        }
    }

    private void refill() {
        long now = System.nanoTime();
        long earned = (now - lastRefill) * bytesPerSecond / 1_000_000_000L;
        if (earned > 0) {
            tokens = Math.min(bytesPerSecond, tokens + earned);
            lastRefill = now;
        }
    }

    boolean isPaused() {
        return paused;
    }
}
