package dev.xmppd.s2s.out;

import io.netty.channel.Channel;

/**
 * One try of {@link OutboundConnector} at reaching a remote domain: the stream events, plus what the connector needs
 * before there is a stream. DNS and TCP failures are reported with {@link #failed} and a {@code null} channel.
 */
interface ConnectAttempt extends LinkEvents {

    /** True once the link gave up on this attempt (timeout, shutdown): the connector stops trying targets. */
    boolean cancelled();

    /** A TCP connection is open and its pipeline installed; the stream negotiation starts. */
    void opened(Channel channel);
}
