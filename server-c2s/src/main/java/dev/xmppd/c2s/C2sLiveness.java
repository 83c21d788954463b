package dev.xmppd.c2s;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelDuplexHandler;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelPromise;
import io.netty.util.concurrent.Ticker;
import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client connection honest in time, between the transport (TLS) and the stream:
 * <ul>
 *   <li>after {@code keepalive} (60 s) of silence from us, a whitespace keepalive (RFC 6120 §4.6.1);</li>
 *   <li>after {@code limits.idle-timeout} without input, one XEP-0199 ping to a bound client; after another such
 *       period still without input, {@code connection-timeout};</li>
 *   <li>a reader that stays unwritable for 30 s (its output buffer full) is disconnected with
 *       {@code policy-violation}; meanwhile its stanzas bounce (see {@link C2sSession}).</li>
 * </ul>
 *
 * <p>Both clocks share one timer per connection, and a read or a write only notes the time. Netty's
 * {@code IdleStateHandler}, used here before, keeps two timers per connection and puts a new promise and listener on
 * every write: about 2 % of the CPU per message in the load test, and memory on every idle connection.
 */
final class C2sLiveness extends ChannelDuplexHandler {
    static final Duration KEEPALIVE = Duration.ofSeconds(60);
    private static final Logger log = LoggerFactory.getLogger(C2sLiveness.class);
    private static final long SLOW_READER_GRACE_SECONDS = 30;

    private final long idleNanos;
    private final long keepaliveNanos;
    private Ticker ticker;
    private long lastRead;
    private long lastWrite;
    private boolean pinged;
    private ScheduledFuture<?> timer;
    private ScheduledFuture<?> slowReader;

    /**
     * @param idleTimeout time without input before the client is pinged, and again before it is disconnected
     * @param keepalive time without output before a whitespace keepalive
     */
    C2sLiveness(Duration idleTimeout, Duration keepalive) {
        if (idleTimeout.isNegative() || idleTimeout.isZero() || keepalive.isNegative() || keepalive.isZero()) {
            throw new IllegalArgumentException("idleTimeout: " + idleTimeout + ", keepalive: " + keepalive
                    + " (expected: > 0)");
        }
        this.idleNanos = idleTimeout.toNanos();
        this.keepaliveNanos = keepalive.toNanos();
    }

    @Override
    public void handlerAdded(ChannelHandlerContext ctx) {
        if (ctx.channel().isActive()) {
            start(ctx);
        }
    }

    @Override
    public void channelActive(ChannelHandlerContext ctx) {
        start(ctx);
        ctx.fireChannelActive();
    }

    @Override
    public void channelInactive(ChannelHandlerContext ctx) {
        stop();
        ctx.fireChannelInactive();
    }

    @Override
    public void handlerRemoved(ChannelHandlerContext ctx) {
        stop();
    }

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        if (ticker != null) {
            lastRead = ticker.nanoTime();
        }
        pinged = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void write(ChannelHandlerContext ctx, Object msg, ChannelPromise promise) {
        if (ticker != null) {
            lastWrite = ticker.nanoTime();
        }
        ctx.write(msg, promise);
    }

    private void start(ChannelHandlerContext ctx) {
        if (timer != null) {
            return;
        }
        ticker = ctx.executor().ticker();
        lastRead = lastWrite = ticker.nanoTime();
        schedule(ctx, lastRead);
    }

    private void stop() {
        if (timer != null) {
            timer.cancel(false);
            timer = null;
        }
        if (slowReader != null) {
            slowReader.cancel(false);
            slowReader = null;
        }
    }

    private void schedule(ChannelHandlerContext ctx, long now) {
        long next = Math.min(lastRead + idleNanos, lastWrite + keepaliveNanos);
        timer = ctx.executor().schedule(() -> check(ctx), Math.max(0, next - now), TimeUnit.NANOSECONDS);
    }

    private void check(ChannelHandlerContext ctx) {
        timer = null;
        if (!ctx.channel().isActive()) {
            return;
        }
        long now = ticker.nanoTime();
        C2sStreamHandler stream = ctx.pipeline().get(C2sStreamHandler.class);
        if (now - lastWrite >= keepaliveNanos) {
            lastWrite = now; // written below this handler, so not seen by write()
            if (stream != null && stream.isStreamOpen()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {' '}));
            }
        }
        if (now - lastRead >= idleNanos) {
            lastRead = now; // the next period starts now
            if (stream != null) {
                onReaderIdle(stream);
            }
        }
        if (ctx.channel().isActive()) {
            schedule(ctx, now);
        }
    }

    private void onReaderIdle(C2sStreamHandler stream) {
        C2sSession session = stream.session();
        if (session != null && !pinged) {
            // XEP-0199 §4.2: ask the client whether it is still there before giving up on it.
            pinged = true;
            session.deliver(Iq.request(IqType.GET, "xmppd-ping-" + System.nanoTime(),
                    new BareJid(null, session.jid().domain()), session.jid(),
                    XmlElement.empty("urn:xmpp:ping", "ping")));
        } else {
            stream.closeStream(new StreamError(StreamErrorCondition.CONNECTION_TIMEOUT, "idle for too long"));
        }
    }

    @Override
    public void channelWritabilityChanged(ChannelHandlerContext ctx) {
        if (!ctx.channel().isWritable()) {
            if (slowReader == null) {
                slowReader = ctx.executor().schedule(() -> disconnectIfStillUnwritable(ctx),
                        SLOW_READER_GRACE_SECONDS, TimeUnit.SECONDS);
            }
        } else if (slowReader != null) {
            slowReader.cancel(false);
            slowReader = null;
        }
        ctx.fireChannelWritabilityChanged();
    }

    private void disconnectIfStillUnwritable(ChannelHandlerContext ctx) {
        slowReader = null;
        C2sStreamHandler stream = ctx.pipeline().get(C2sStreamHandler.class);
        if (!ctx.channel().isWritable() && stream != null) {
            log.info("Disconnecting {}: not reading what it is sent", ctx.channel().remoteAddress());
            stream.closeStream(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "not reading"));
        }
    }
}
