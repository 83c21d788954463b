package dev.xmppd.s2s.in;

import dev.xmppd.c2s.InboundRateLimiter;
import io.netty.channel.ChannelHandlerContext;
import java.util.ArrayDeque;
import java.util.concurrent.CompletionStage;
import java.util.function.Function;

/**
 * Keeps the input of one stream in order (RFC 6120 §10.1) when handling an element does not finish at once (the
 * router returns an incomplete stage): reading pauses, and what the decoder already produced waits here, at most
 * {@value #MAX_QUEUED} messages, until the stage completes. Event loop only. Public for the outbound side, whose
 * bidirectional streams (XEP-0288) carry the peer's stanzas too.
 */
public final class OrderedInput {
    public static final int MAX_QUEUED = 256;

    private final ArrayDeque<Object> queued = new ArrayDeque<>();
    private final Function<Object, CompletionStage<?>> handler;
    private boolean busy;

    /** @param handler handles one message; returns a stage to wait for, or {@code null} */
    public OrderedInput(Function<Object, CompletionStage<?>> handler) {
        this.handler = handler;
    }

    /**
     * Handles {@code msg} now, or queues it behind the one in progress.
     *
     * @return false if the queue is full (the caller ends the stream)
     */
    public boolean offer(ChannelHandlerContext ctx, Object msg) {
        if (busy) {
            if (queued.size() >= MAX_QUEUED) {
                return false;
            }
            queued.add(msg);
            return true;
        }
        run(ctx, msg);
        return true;
    }

    /** True while a message is being handled asynchronously and reading is paused for it. */
    public boolean busy() {
        return busy;
    }

    /** Drops what waits (the stream is ending). */
    public void clear() {
        queued.clear();
    }

    private void run(ChannelHandlerContext ctx, Object msg) {
        CompletionStage<?> pending = handler.apply(msg);
        if (pending != null && !pending.toCompletableFuture().isDone()) {
            busy = true;
            ctx.channel().config().setAutoRead(false);
            pending.whenComplete((r, t) -> ctx.executor().execute(() -> resume(ctx)));
        }
    }

    private void resume(ChannelHandlerContext ctx) {
        busy = false;
        while (!busy && !queued.isEmpty()) {
            run(ctx, queued.poll());
        }
        InboundRateLimiter limiter = ctx.pipeline().get(InboundRateLimiter.class);
        if (!busy && ctx.channel().isActive() && (limiter == null || !limiter.isPaused())) {
            ctx.channel().config().setAutoRead(true);
        }
    }
}
