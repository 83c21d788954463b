/**
 * XML stream framing (RFC 6120 §4): the Netty decoder and encoder and the stream-level values they exchange with
 * the stream state machines ({@link dev.xmppd.core.stream.StreamOpen}, {@link dev.xmppd.core.stream.StreamClose},
 * {@link dev.xmppd.core.stream.StreamError}).
 */
package dev.xmppd.core.stream;
