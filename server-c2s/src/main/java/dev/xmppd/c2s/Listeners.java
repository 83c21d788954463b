package dev.xmppd.c2s;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.stream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelHandler;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import java.net.InetSocketAddress;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The listening sockets of one kind of stream (clients here, servers in {@code dev.xmppd.s2s}), bound from their
 * {@link ListenerConfig}s by name ({@code c2s}, {@code c2s-tls}, {@code s2s}, {@code s2s-tls}).
 *
 * <pre>
 * Listeners listeners = new Listeners("clients", boss, workers);
 * listeners.bind("c2s", config.listeners().c2s(), false, new C2sChannelInitializer(...));
 * listeners.port("c2s");   // the bound port, for tests that bind port 0
 * listeners.close();       // stops accepting; open connections are the caller's to close
 * </pre>
 */
public final class Listeners {
    private static final Logger log = LoggerFactory.getLogger(Listeners.class);

    private final String peers;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final Map<String, Channel> bound = new LinkedHashMap<>();

    /** @param peers who connects, for the log line ("clients", "servers") */
    public Listeners(String peers, EventLoopGroup boss, EventLoopGroup workers) {
        this.peers = requireNonNull(peers, "peers");
        this.boss = requireNonNull(boss, "boss");
        this.workers = requireNonNull(workers, "workers");
    }

    /**
     * Binds {@code config}'s address and port; every accepted connection gets {@code initializer}.
     *
     * @throws IllegalStateException naming the listener and address when the bind fails
     */
    public void bind(String name, ListenerConfig config, boolean directTls, ChannelHandler initializer) {
        bind(name, config, directTls ? "direct TLS" : "STARTTLS", initializer);
    }

    /**
     * As {@link #bind(String, ListenerConfig, boolean, ChannelHandler)}, with how the connections are secured in
     * words for the log line ({@code "no TLS"} for XEP-0114 components).
     */
    public void bind(String name, ListenerConfig config, String security, ChannelHandler initializer) {
        InetSocketAddress address = config.address() == null ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.address(), config.port());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.of(workers).serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.SO_KEEPALIVE, true)
                .childHandler(initializer);
        try {
            Channel ch = b.bind(address).sync().channel();
            bound.put(name, ch);
            log.info("Listening for {} on {} ({})", peers, ch.localAddress(), security);
        } catch (Exception e) {
            throw new IllegalStateException("listeners." + name + ": cannot bind " + address + ": " + e.getMessage(), e);
        }
    }

    /** The bound port of a listener, for tests that bind port 0. */
    public int port(String name) {
        Channel ch = bound.get(name);
        if (ch == null) {
            throw new IllegalArgumentException("listener: " + name + " (expected one of: " + bound.keySet() + ")");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /** Stops accepting connections. */
    public void close() {
        bound.values().forEach(ch -> ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        bound.clear();
    }
}
