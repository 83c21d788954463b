package dev.xmppd.s2s.component;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.stream.StreamError;
import io.netty.channel.Channel;

/**
 * An authenticated component stream as the router sees it: where the stanzas for the component's domain go.
 * Thread-safe: {@link #deliver} runs on the sender's thread and only writes to the channel.
 */
final class ComponentLink {
    private final String domain;
    private final Channel channel;
    private final long maxPendingBytes;
    private final ComponentStreamHandler handler;

    ComponentLink(String domain, Channel channel, long maxPendingBytes, ComponentStreamHandler handler) {
        this.domain = domain;
        this.channel = channel;
        this.maxPendingBytes = maxPendingBytes;
        this.handler = handler;
    }

    String domain() {
        return domain;
    }

    /** Who is connected, for log lines: the peer address. */
    String peer() {
        return String.valueOf(channel.remoteAddress());
    }

    /**
     * Writes a stanza to the component.
     *
     * @throws StanzaException {@code service-unavailable} if the connection is gone, {@code resource-constraint} if
     *     the component does not read and its output buffer is full
     */
    void deliver(Stanza stanza) {
        if (!channel.isActive()) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE, domain + " is not connected");
        }
        if (!channel.isWritable() && channel.bytesBeforeWritable() > maxPendingBytes) {
            throw new StanzaException(Condition.RESOURCE_CONSTRAINT, domain + " is not reading");
        }
        channel.writeAndFlush(stanza, channel.voidPromise());
    }

    /** Ends the stream with {@code error}, on its event loop. */
    void close(StreamError error) {
        channel.eventLoop().execute(() -> handler.closeStream(error));
    }
}
