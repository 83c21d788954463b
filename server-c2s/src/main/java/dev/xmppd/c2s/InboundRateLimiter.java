package dev.xmppd.c2s;

import io.netty.buffer.ByteBuf;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.channel.ChannelPipeline;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;

/**
 * Caps the sustained input rate of one connection with a token bucket ({@code limits.bytes-per-second}, bursts up
 * to one second's worth): when the bucket is empty, reading pauses until it has refilled, so a flooding client
 * slows itself down instead of slowing everyone else. Sits in front of TLS and the decoder, so it counts bytes on
 * the wire. Server-to-server listeners use it too, with their own test for "the stream handler holds reading".
 */
public final class InboundRateLimiter extends ChannelInboundHandlerAdapter {
    private final long bytesPerSecond;
    private final Predicate<ChannelPipeline> readingHeld;
    private long tokens;
    private long lastRefill = System.nanoTime();
    private boolean paused;

    InboundRateLimiter(long bytesPerSecond) {
        this(bytesPerSecond, p -> {
            C2sStreamHandler stream = p.get(C2sStreamHandler.class);
            return stream != null && stream.isBusy();
        });
    }

    /**
     * @param readingHeld true while another handler of the pipeline has paused reading for its own reasons; the
     *     limiter then leaves resuming to that handler
     */
    public InboundRateLimiter(long bytesPerSecond, Predicate<ChannelPipeline> readingHeld) {
        if (bytesPerSecond <= 0) {
            throw new IllegalArgumentException("bytesPerSecond: " + bytesPerSecond + " (expected: > 0)");
        }
        this.readingHeld = java.util.Objects.requireNonNull(readingHeld, "readingHeld");
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
        if (ctx.channel().isActive() && !readingHeld.test(ctx.pipeline())) {
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

    /** True while reading is paused to let the bucket refill. */
    public boolean isPaused() {
        return paused;
    }
}
