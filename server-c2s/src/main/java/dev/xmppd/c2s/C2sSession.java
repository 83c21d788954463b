package dev.xmppd.c2s;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stream.StreamError;
import io.netty.channel.Channel;
import java.util.function.BiConsumer;

/**
 * A bound client session on one channel. Delivery is a write on the channel (Netty hops to its event loop); a
 * reader too slow to take what it is sent gets stanzas bounced once its output buffer is full, and is disconnected
 * by the stream handler after a grace period.
 */
final class C2sSession implements Session {
    private final Channel channel;
    private final FullJid jid;
    private final C2sStreamHandler handler;
    private final long maxPendingBytes;
    private final BiConsumer<Stanza, StanzaError> bounce;
    private volatile Presence presence;

    C2sSession(Channel channel, FullJid jid, C2sStreamHandler handler, long maxPendingBytes,
            BiConsumer<Stanza, StanzaError> bounce) {
        this.channel = channel;
        this.jid = jid;
        this.handler = handler;
        this.maxPendingBytes = maxPendingBytes;
        this.bounce = bounce;
    }

    @Override
    public FullJid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        if (!channel.isActive()) {
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
        channel.eventLoop().execute(() -> handler.closeStream(error));
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
    public String toString() {
        return "C2sSession[" + jid + " " + channel.remoteAddress() + "]";
    }
}
