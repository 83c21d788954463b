package dev.xmppd.c2s;

import dev.xmppd.c2s.sm.SmState;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stream.StreamError;
import io.netty.channel.Channel;
import io.netty.channel.EventLoop;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.BiConsumer;

/**
 * A bound client session on one channel. Delivery is a write on the channel, on its event loop; a
 * reader too slow to take what it is sent gets stanzas bounced once its output buffer is full, and is disconnected
 * by the stream handler after a grace period.
 *
 * <p>With XEP-0198 stream management, the session can outlive its connection: while it waits for a resumption its
 * stanzas go to its {@link SmState}, and a resumption moves it to the new connection ({@link #reattach}).
 */
final class C2sSession implements Session {
    private volatile Channel channel;
    private final FullJid jid;
    private volatile SmState sm;
    private final long maxPendingBytes;
    private final BiConsumer<Stanza, StanzaError> bounce;
    private volatile Presence presence;

    C2sSession(Channel channel, FullJid jid, long maxPendingBytes,
            BiConsumer<Stanza, StanzaError> bounce) {
        this.channel = channel;
        this.jid = jid;
        this.maxPendingBytes = maxPendingBytes;
        this.bounce = bounce;
    }

    @Override
    public FullJid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        SmState managed = sm;
        if (managed != null && managed.offer(stanza)) {
            return;
        }
        Channel channel = this.channel;
        EventLoop loop = channel.eventLoop();
        if (loop.inEventLoop()) {
            write(channel, stanza);
            return;
        }
        // From another thread: one plain task on the recipient's event loop, which checks and writes there. Netty's
        // own hand-over (a write from outside the loop) adds the stanza's estimated size, a constant, to the
        // channel's pending bytes on this thread and takes it off on the other: two atomic updates of a counter
        // the recipient's loop owns, as is the state the checks read. The order is the same: the loop's task queue
        // keeps each thread's submissions in order (RFC 6120 §10.1).
        try {
            loop.execute(() -> write(channel, stanza));
        } catch (RejectedExecutionException e) {
            bounce.accept(stanza, StanzaError.of(Condition.RECIPIENT_UNAVAILABLE)); // shutting down
        }
    }

    /** On the channel's event loop. */
    private void write(Channel channel, Stanza stanza) {
        if (!channel.isActive()) {
            if (sm != null) {
                // The connection is going away: once its loss is handled the stanza waits for a resumption, goes
                // to the resumed connection, or is redelivered (see SmState.offer).
                try {
                    channel.eventLoop().execute(() -> deliver(stanza));
                    return;
                } catch (RejectedExecutionException e) {
                    // shutting down: bounce it below
                }
            }
            bounce.accept(stanza, StanzaError.of(Condition.RECIPIENT_UNAVAILABLE));
            return;
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingBytes) {
            bounce.accept(stanza, StanzaError.of(Condition.RESOURCE_CONSTRAINT, "recipient is not reading"));
            return;
        }
        channel.writeAndFlush(stanza, channel.voidPromise());
    }

    @Override
    public void close(StreamError error) {
        SmState managed = sm;
        if (managed != null && managed.endIfDetached(error == null ? "closed" : error.condition().elementName()
                + (error.text() == null ? "" : ": " + error.text()))) {
            return;
        }
        Channel ch = channel;
        ch.eventLoop().execute(() -> {
            C2sStreamHandler handler = ch.pipeline().get(C2sStreamHandler.class);
            if (handler != null) { // null once the connection is closed
                handler.closeStream(error);
            }
        });
    }

    /** Stream management is on for this session. */
    void manage(SmState state) {
        this.sm = state;
    }

    /** A resumption moved the session to this connection (XEP-0198 §5). */
    void reattach(Channel newChannel) {
        this.channel = newChannel;
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public void updatePresence(Presence newPresence) {
        this.presence = newPresence;
    }

    @Override
    public java.net.SocketAddress remoteAddress() {
        return channel.remoteAddress();
    }

    @Override
    public String toString() {
        return "C2sSession[" + jid + " " + channel.remoteAddress() + "]";
    }
}
