package dev.xmppd.s2s.out;

import dev.xmppd.s2s.stream.DialbackElement;
import io.netty.channel.Channel;

/**
 * What an {@link OutboundStreamHandler} reports to the link it works for. Called on the channel's event loop, at
 * most one of {@link #authenticated} and {@link #failed} per connection, and {@link #closed} last.
 */
interface LinkEvents {

    /**
     * The stream has reached the point where {@code <db:verify/>} requests may be sent (XEP-0220 §2.1.3): after
     * TLS, when dialback is chosen, or once authenticated. The receiving side of a verification never waits for its
     * own stream to be authenticated, or two servers verifying each other would wait forever.
     */
    void verifiable(Channel channel);

    /** The peer answered one of our {@code <db:verify/>} requests. */
    void verifyAnswered(DialbackElement answer);

    /**
     * Stanzas may flow.
     *
     * @param method how: {@code SASL EXTERNAL} or {@code dialback}, for the log and {@code Federation.status()}
     */
    void authenticated(Channel channel, String method);

    /** The connection failed before it was authenticated; the link logs it and bounces what it queued. */
    void failed(Channel channel, LinkFailure failure);

    /** The channel can take more writes again (after the peer read what was buffered). */
    void writable(Channel channel);

    /** The channel closed, whatever the reason; nothing more will be written on it. */
    void closed(Channel channel);
}
