package dev.xmppd.c2s;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import io.netty.channel.Channel;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The client listeners: {@code c2s} (STARTTLS, 5222) and {@code c2s-tls} (direct TLS, XEP-0368, 5223).
 */
public final class C2sServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(C2sServer.class);

    private final C2sServices services;
    private final ChannelGroup connections = new DefaultChannelGroup("c2s", GlobalEventExecutor.INSTANCE);
    private final Listeners listeners;

    public C2sServer(C2sServices services, EventLoopGroup boss, EventLoopGroup workers) {
        this.services = services;
        this.listeners = new Listeners("clients", boss, workers);
    }

    /**
     * Binds the enabled listeners.
     *
     * @throws IllegalStateException naming the listener and address when a bind fails
     */
    public void start() {
        ListenerConfig plain = services.config().listeners().c2s();
        ListenerConfig tls = services.config().listeners().c2sTls();
        if (plain.enabled()) {
            bind("c2s", plain, false);
            if (plain.starttls() == StartTlsPolicy.OPTIONAL) {
                log.warn("listeners.c2s.starttls is optional: clients may log in without encryption");
            }
        }
        if (tls.enabled()) {
            bind("c2s-tls", tls, true);
        }
    }

    private void bind(String name, ListenerConfig config, boolean directTls) {
        listeners.bind(name, config, directTls,
                new C2sChannelInitializer(services, directTls, config.starttls(), connections));
    }

    /** The bound port of a listener ({@code "c2s"} or {@code "c2s-tls"}), for tests that bind port 0. */
    public int port(String listener) {
        return listeners.port(listener);
    }

    /**
     * Stops listening, closes every client stream with {@code system-shutdown} and ends the sessions that wait for a
     * XEP-0198 resumption.
     */
    @Override
    public void close() {
        listeners.close();
        StreamError shutdown = new StreamError(StreamErrorCondition.SYSTEM_SHUTDOWN, "the server is shutting down");
        for (Channel ch : connections) {
            C2sStreamHandler handler = ch.pipeline().get(C2sStreamHandler.class);
            if (handler != null) {
                ch.eventLoop().execute(() -> handler.closeStream(shutdown));
            }
        }
        services.sm().endDetached("the server is shutting down");
        connections.newCloseFuture().awaitUninterruptibly(5, TimeUnit.SECONDS);
        connections.close().awaitUninterruptibly(1, TimeUnit.SECONDS);
    }
}
