package dev.xmppd.s2s.in;

import dev.xmppd.core.stream.StreamError;
import dev.xmppd.s2s.auth.CertificateVerdict;
import io.netty.util.concurrent.EventExecutor;

/**
 * What the helpers of one inbound stream ({@link InboundSasl}, {@link InboundDialback}) see of it and may do to it.
 * Implemented by {@link InboundStreamHandler}; every method runs on the stream's event loop.
 */
interface InboundStream extends InboundStanzas.Peer {

    /** Our domain the peer's header addressed, or {@code null} before the header. */
    String local();

    /** The id we sent in our current header: the dialback key is bound to it. */
    String streamId();

    /** True once TLS is up (STARTTLS done or direct TLS). */
    boolean secure();

    /** Whether the peer's TLS certificate authenticates {@code domain} ("no TLS" or "no certificate" if not). */
    CertificateVerdict certificateFor(String domain);

    /** True if {@code remote} is authenticated on this stream (for any of our domains). */
    boolean isAuthenticated(String remote);

    /** True once any domain pair is authenticated on this stream. */
    boolean hasAuthenticated();

    /**
     * Adds an authenticated domain pair, logs it, and stops the authentication timer.
     *
     * @return false if {@code s2s.streams-per-domain} refuses it (already logged; nothing was added)
     */
    boolean authenticated(String local, String remote, String method);

    /** Writes and flushes. */
    void send(Object message);

    /** Ends the stream with {@code error} (or none), then the connection. */
    void closeStream(StreamError error);

    /** True once the stream is ending: late answers are dropped. */
    boolean isClosing();

    EventExecutor executor();

    /** The peer's address, for log lines. */
    String peer();

    /**
     * Logs a failed step at WARN in the one format operators grep for:
     * {@code s2s: a.example -> b.example (inbound from 192.0.2.1:4711) failed at dialback: invalid key}.
     */
    void failed(String step, String reason);
}
