package dev.xmppd.s2s.in;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.c2s.Listeners;
import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The server-to-server listeners: {@code s2s} (STARTTLS, 5269) and {@code s2s-tls} (direct TLS with ALPN
 * {@code xmpp-server}, XEP-0368, 5270), each on its configured address. Every connection gets an
 * {@link InboundStreamHandler}; the authenticated ones are listed in {@link #streams()}.
 *
 * <pre>
 * S2sServer inbound = new S2sServer(services, verifier, boss, workers);
 * inbound.start();                  // binds, or throws naming the listener and address
 * int port = inbound.port("s2s");   // tests bind port 0
 * inbound.close();                  // system-shutdown to every inbound stream
 * </pre>
 */
public final class S2sServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(S2sServer.class);

    private final S2sServices services;
    private final DialbackVerifier verifier;
    private final BidiRoutes bidi;
    private final InboundStreams streams;
    private final ChannelGroup connections = new DefaultChannelGroup("s2s-in", GlobalEventExecutor.INSTANCE);
    private final Listeners listeners;

    /** Without XEP-0288: inbound streams carry the peer's stanzas only. */
    public S2sServer(S2sServices services, DialbackVerifier verifier, EventLoopGroup boss, EventLoopGroup workers) {
        this(services, verifier, BidiRoutes.NONE, boss, workers);
    }

    /**
     * @param verifier asks a remote authoritative server about a dialback key (the outbound side's job)
     * @param bidi where streams made bidirectional (XEP-0288) register as routes for our stanzas; offered to peers
     *     when {@code s2s.bidi} is on and this is not {@link BidiRoutes#NONE}
     */
    public S2sServer(S2sServices services, DialbackVerifier verifier, BidiRoutes bidi, EventLoopGroup boss,
            EventLoopGroup workers) {
        this.services = requireNonNull(services, "services");
        this.verifier = requireNonNull(verifier, "verifier");
        this.bidi = requireNonNull(bidi, "bidi");
        this.listeners = new Listeners("servers", boss, workers);
        this.streams = new InboundStreams(services.config().s2s().streamsPerDomain());
    }

    /**
     * Binds the enabled listeners.
     *
     * @throws IllegalStateException naming the listener and address when a bind fails, or when a listener needs TLS
     *     that is not available
     */
    public void start() {
        ListenerConfig plain = services.config().listeners().s2s();
        ListenerConfig tls = services.config().listeners().s2sTls();
        if (plain.enabled()) {
            if (services.tls() == null && plain.starttls() == StartTlsPolicy.REQUIRED) {
                throw new IllegalStateException("listeners.s2s: starttls is required but TLS is not available");
            }
            bind("s2s", plain, false);
            if (plain.starttls() == StartTlsPolicy.OPTIONAL) {
                log.warn("listeners.s2s.starttls is optional: other servers may federate without encryption");
            }
        }
        if (tls.enabled()) {
            if (services.tls() == null) {
                throw new IllegalStateException("listeners.s2s-tls: TLS is not available");
            }
            bind("s2s-tls", tls, true);
        }
    }

    private void bind(String name, ListenerConfig config, boolean directTls) {
        listeners.bind(name, config, directTls, new S2sChannelInitializer(services, verifier, streams, bidi,
                directTls, config.starttls(), connections));
    }

    /** The bound port of a listener ({@code "s2s"} or {@code "s2s-tls"}), for tests that bind port 0. */
    public int port(String listener) {
        return listeners.port(listener);
    }

    /** The inbound streams and the domain pairs they authenticated. */
    public InboundStreams streams() {
        return streams;
    }

    /** Stops listening and closes every inbound stream with {@code system-shutdown}. */
    @Override
    public void close() {
        listeners.close();
        StreamError shutdown = new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        for (Channel ch : connections) {
            InboundStreamHandler handler = ch.pipeline().get(InboundStreamHandler.class);
            if (handler != null) {
                ch.eventLoop().execute(() -> handler.closeStream(shutdown));
            }
        }
        connections.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
}
