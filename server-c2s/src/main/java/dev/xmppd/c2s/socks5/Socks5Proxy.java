package dev.xmppd.c2s.socks5;

import static java.util.Objects.requireNonNull;

import dev.xmppd.c2s.ClientLimits;
import dev.xmppd.core.bytestreams.BytestreamRelay;
import dev.xmppd.core.config.Proxy65Config;
import dev.xmppd.core.stream.Transport;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.buffer.ByteBuf;
import io.netty.channel.Channel;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.HashMap;
import java.util.Map;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The SOCKS5 listener of the XEP-0065 proxy ({@code proxy65.address}:{@code proxy65.port}, 7777), shared by the
 * {@code proxy.<host>} service of every host. A connection that completes its {@link Socks5Handshake} waits under
 * its destination (the SHA-1 of stream id, requester and target): first the target's, then the requester's. When
 * the requester asks its host's service to activate them, {@link #activate} joins the two with a
 * {@link Socks5Pipe} each way.
 *
 * <p>Limits, against the denial of service XEP-0065 §9 warns of: connections count against
 * {@code limits.connections-per-ip} with the client listeners' (one budget per address), the handshake must
 * complete within 10 seconds, a
 * waiting connection is closed after 60 seconds unless activated, at most two connections wait per destination and
 * {@value #MAX_WAITING} in all, an activated bytestream idle for {@code limits.idle-timeout} is closed, and each
 * connection buffers at most 256 KiB for its peer before the peer stops being read.
 */
public final class Socks5Proxy implements BytestreamRelay, AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(Socks5Proxy.class);

    static final Duration HANDSHAKE_DEADLINE = Duration.ofSeconds(10);
    static final Duration ACTIVATION_DEADLINE = Duration.ofSeconds(60);
    /** Connections waiting for activation, server-wide: a transfer needs two for a few seconds. */
    static final int MAX_WAITING = 1024;
    private static final WriteBufferWaterMark BUFFER = new WriteBufferWaterMark(64 * 1024, 256 * 1024);

    private final Proxy65Config config;
    private final ClientLimits limits;
    private final Duration idleTimeout;
    private final Duration handshakeDeadline;
    private final Duration activationDeadline;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final ChannelGroup connections = new DefaultChannelGroup("proxy65", GlobalEventExecutor.INSTANCE);
    /** Destination → its waiting connections; guarded by itself (touched from every event loop, rarely). */
    private final Map<String, Pair> waiting = new HashMap<>();
    private int waitingCount;
    private Channel bound;

    /** The first connection (normally the target's) and the second (the requester's) under one destination. */
    private static final class Pair {
        Channel first;
        Channel second;
        final Map<Channel, ScheduledFuture<?>> deadlines = new HashMap<>(2);
    }

    /**
     * @param limits the client listeners' connections per address, which SOCKS5 connections count against too
     * @param idleTimeout an activated bytestream without traffic either way for this long is closed
     */
    public Socks5Proxy(Proxy65Config config, ClientLimits limits, Duration idleTimeout, EventLoopGroup boss,
            EventLoopGroup workers) {
        this(config, limits, idleTimeout, HANDSHAKE_DEADLINE, ACTIVATION_DEADLINE, boss, workers);
    }

    /** With other deadlines than the handshake's 10 and the activation's 60 seconds: for tests. */
    Socks5Proxy(Proxy65Config config, ClientLimits limits, Duration idleTimeout, Duration handshakeDeadline,
            Duration activationDeadline, EventLoopGroup boss, EventLoopGroup workers) {
        this.config = requireNonNull(config, "config");
        this.limits = requireNonNull(limits, "limits");
        this.idleTimeout = requireNonNull(idleTimeout, "idleTimeout");
        this.handshakeDeadline = requireNonNull(handshakeDeadline, "handshakeDeadline");
        this.activationDeadline = requireNonNull(activationDeadline, "activationDeadline");
        this.boss = requireNonNull(boss, "boss");
        this.workers = requireNonNull(workers, "workers");
    }

    /**
     * Binds the listener.
     *
     * @throws IllegalStateException naming the keys to change when the bind fails
     */
    public void start() {
        InetSocketAddress address = config.address() == null ? new InetSocketAddress(config.port())
                : new InetSocketAddress(config.address(), config.port());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.of(workers).serverChannel())
                .option(ChannelOption.SO_BACKLOG, 128)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childOption(ChannelOption.WRITE_BUFFER_WATER_MARK, BUFFER)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        InetAddress peer = ((InetSocketAddress) ch.remoteAddress()).getAddress();
                        if (!limits.tryOpen(peer)) {
                            log.warn("proxy65: refused a connection from {}: limits.connections-per-ip reached", peer);
                            ch.close();
                            return;
                        }
                        ch.closeFuture().addListener(f -> limits.close(peer));
                        connections.add(ch);
                        ch.pipeline().addLast("socks5", new Socks5Handshake(Socks5Proxy.this::enter,
                                handshakeDeadline));
                    }
                });
        try {
            bound = b.bind(address).sync().channel();
        } catch (Exception e) {
            throw new IllegalStateException("proxy65: cannot listen on " + address + ": " + e.getMessage()
                    + " (set proxy65.port or proxy65.address, or remove proxy65 from modules)", e);
        }
        log.info("Listening for SOCKS5 bytestreams (XEP-0065 proxy) on {}", bound.localAddress());
    }

    @Override
    public int port() {
        if (bound == null) {
            throw new IllegalStateException("proxy65: not listening");
        }
        return ((InetSocketAddress) bound.localAddress()).getPort();
    }

    /** A handshaken connection waits under its destination: the first as the target, the second as requester. */
    private boolean enter(String destination, Channel channel) {
        synchronized (waiting) {
            if (waitingCount >= MAX_WAITING) {
                log.warn("proxy65: refusing a bytestream from {}: {} connections already wait for activation",
                        channel.remoteAddress(), MAX_WAITING);
                return false;
            }
            Pair pair = waiting.computeIfAbsent(destination, d -> new Pair());
            if (pair.first == null) {
                pair.first = channel;
            } else if (pair.second == null) {
                pair.second = channel;
            } else {
                return false; // XEP-0065 §9: one target per bytestream
            }
            waitingCount++;
            pair.deadlines.put(channel, channel.eventLoop().schedule(() -> {
                log.debug("proxy65: closing {}: not activated within {}", channel.remoteAddress(),
                        activationDeadline);
                channel.close();
            }, activationDeadline.toNanos(), TimeUnit.NANOSECONDS));
        }
        channel.closeFuture().addListener(f -> leave(destination, channel));
        return true;
    }

    private void leave(String destination, Channel channel) {
        synchronized (waiting) {
            Pair pair = waiting.get(destination);
            if (pair == null || pair.deadlines.remove(channel) == null) {
                return; // activated already, or never waited
            }
            waitingCount--;
            if (pair.first == channel) {
                pair.first = pair.second; // the one still waiting comes first
            }
            pair.second = null;
            if (pair.first == null) {
                waiting.remove(destination);
            }
        }
    }

    @Override
    public Activation activate(String destination) {
        Pair pair;
        synchronized (waiting) {
            pair = waiting.get(destination);
            if (pair == null) {
                return Activation.NONE_CONNECTED;
            }
            if (pair.second == null) {
                return Activation.ONE_CONNECTED;
            }
            waiting.remove(destination);
            waitingCount -= 2;
            pair.deadlines.values().forEach(f -> f.cancel(false));
            pair.deadlines.clear();
        }
        join(pair.first, pair.second);
        join(pair.second, pair.first);
        return Activation.ACTIVATED;
    }

    /** From now on what {@code from} reads goes to {@code to}, starting with what it sent while waiting. */
    private void join(Channel from, Channel to) {
        from.eventLoop().execute(() -> {
            if (!from.isActive()) {
                Socks5Pipe.closeAfterFlush(to);
                return;
            }
            Socks5Waiting waiting = (Socks5Waiting) from.pipeline().get(Socks5Handshake.WAITING);
            ByteBuf early = waiting.takeEarlyBytes();
            from.pipeline().replace(waiting, "idle",
                    new IdleStateHandler(0, 0, idleTimeout.toNanos(), TimeUnit.NANOSECONDS));
            from.pipeline().addLast("pipe", new Socks5Pipe(to));
            if (early != null) {
                to.writeAndFlush(early, to.voidPromise());
            }
            from.config().setAutoRead(to.isWritable()); // Socks5Waiting may have paused it; the pipe takes over
        });
    }

    /** Stops listening and closes every connection, waiting or relaying. */
    @Override
    public void close() {
        if (bound != null) {
            bound.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
            bound = null;
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
    }
}
