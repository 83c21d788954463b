package dev.xmppd.c2s;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.XmlElement;
import io.netty.buffer.Unpooled;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelInboundHandlerAdapter;
import io.netty.handler.timeout.IdleState;
import io.netty.handler.timeout.IdleStateEvent;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps a client connection honest in time, in front of the stream handler:
 * <ul>
 *   <li>after 60 s of silence from us, a whitespace keepalive (RFC 6120 §4.6.1);</li>
 *   <li>after {@code limits.idle-timeout} without input, one XEP-0199 ping to a bound client; after another such
 *       period still without input, {@code connection-timeout};</li>
 *   <li>a reader that stays unwritable for 30 s (its output buffer full) is disconnected with
 *       {@code policy-violation}; meanwhile its stanzas bounce (see {@link C2sSession}).</li>
 * </ul>
 */
final class C2sLiveness extends ChannelInboundHandlerAdapter {
    private static final Logger log = LoggerFactory.getLogger(C2sLiveness.class);
    private static final long SLOW_READER_GRACE_SECONDS = 30;

    private boolean pinged;
    private ScheduledFuture<?> slowReader;

    @Override
    public void channelRead(ChannelHandlerContext ctx, Object msg) {
        pinged = false;
        ctx.fireChannelRead(msg);
    }

    @Override
    public void userEventTriggered(ChannelHandlerContext ctx, Object evt) {
        if (evt instanceof IdleStateEvent idle) {
            C2sStreamHandler stream = ctx.pipeline().get(C2sStreamHandler.class);
            if (stream != null) {
                onIdle(ctx, stream, idle);
            }
            return;
        }
        ctx.fireUserEventTriggered(evt);
    }

    private void onIdle(ChannelHandlerContext ctx, C2sStreamHandler stream, IdleStateEvent idle) {
        if (idle.state() == IdleState.WRITER_IDLE) {
            if (stream.isStreamOpen()) {
                ctx.writeAndFlush(Unpooled.wrappedBuffer(new byte[] {' '}));
            }
        } else if (idle.state() == IdleState.READER_IDLE) {
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
