package dev.xmppd.c2s.http;

import dev.xmppd.c2s.bosh.BoshEndpoint;
import dev.xmppd.c2s.websocket.WebSocketEndpoint;
import dev.xmppd.core.config.ListenerConfig;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.stream.Transport;
import dev.xmppd.core.upload.UploadFiles;
import dev.xmppd.core.upload.UploadKey;
import io.netty.bootstrap.ServerBootstrap;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFuture;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoopGroup;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.group.DefaultChannelGroup;
import io.netty.handler.codec.http.HttpDecoderConfig;
import io.netty.handler.codec.http.HttpServerCodec;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.stream.ChunkedWriteHandler;
import io.netty.handler.timeout.IdleStateHandler;
import io.netty.util.concurrent.GlobalEventExecutor;
import io.netty.util.concurrent.ScheduledFuture;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.nio.file.Files;
import java.time.Clock;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The HTTP listeners: {@code listeners.https} (5281, TLS with the server's certificate, on by default) and
 * {@code listeners.http} (5280, plain, for a reverse proxy that terminates TLS; off by default). Both serve the
 * XEP-0363 files under {@code /upload/}, and, given a {@link WebSocketEndpoint}, XMPP over WebSocket (RFC 7395) on
 * {@code /xmpp-websocket} with its XEP-0156 {@code /.well-known/host-meta}.
 *
 * <pre>
 * [tls] → idle (60 s) → HttpServerCodec → ChunkedWriteHandler → [ws-route] → UploadHandler
 * </pre>
 *
 * File I/O runs on a small bounded executor ({@code xmppd-http-files}); expired files are removed hourly.
 */
public final class HttpServer implements AutoCloseable {
    private static final Logger log = LoggerFactory.getLogger(HttpServer.class);
    static final int IDLE_SECONDS = 60;
    private static final int FILE_THREADS = 4;

    private final XmppdConfig config;
    private final SslContext ssl;
    private final EventLoopGroup boss;
    private final EventLoopGroup workers;
    private final WebSocketEndpoint websocket;
    private final BoshEndpoint bosh;
    private final ChannelGroup connections = new DefaultChannelGroup("http", GlobalEventExecutor.INSTANCE);
    private final Map<String, Channel> bound = new LinkedHashMap<>();
    private ThreadPoolExecutor executor;
    private ScheduledFuture<?> sweeping;

    public HttpServer(XmppdConfig config, SslContext ssl, EventLoopGroup boss, EventLoopGroup workers) {
        this(config, ssl, boss, workers, null);
    }

    /** @param websocket the XMPP over WebSocket endpoint, or {@code null} to serve uploads only */
    public HttpServer(XmppdConfig config, SslContext ssl, EventLoopGroup boss, EventLoopGroup workers,
            WebSocketEndpoint websocket) {
        this(config, ssl, boss, workers, websocket, null);
    }

    /**
     * @param websocket the XMPP over WebSocket endpoint, or {@code null}
     * @param bosh the XMPP over BOSH endpoint, or {@code null}
     */
    public HttpServer(XmppdConfig config, SslContext ssl, EventLoopGroup boss, EventLoopGroup workers,
            WebSocketEndpoint websocket, BoshEndpoint bosh) {
        this.config = config;
        this.ssl = ssl;
        this.boss = boss;
        this.workers = workers;
        this.websocket = websocket != null && websocket.enabled() ? websocket : null;
        this.bosh = bosh != null && bosh.enabled() ? bosh : null;
    }

    /**
     * Binds the enabled listeners (none: nothing happens) and starts removing expired files.
     *
     * @throws IllegalStateException naming the listener and address when a bind fails
     * @throws UncheckedIOException when the upload directory cannot be created
     */
    public void start() {
        ListenerConfig https = config.listeners().https();
        ListenerConfig http = config.listeners().http();
        if (!https.enabled() && !http.enabled()) {
            return;
        }
        UploadStore store = new UploadStore(UploadFiles.files(config.data()), UploadKey.load(config.data()),
                executor(), Clock.systemUTC(), config.upload().expireAfter());
        try {
            Files.createDirectories(store.files());
        } catch (IOException e) {
            throw new UncheckedIOException("upload: cannot create " + store.files() + ": " + e.getMessage(), e);
        }
        if (https.enabled()) {
            bind("https", https, store, true);
        }
        if (http.enabled()) {
            bind("http", http, store, false);
        }
        UploadSweeper sweeper = new UploadSweeper(store);
        sweeping = workers.next().scheduleAtFixedRate(() -> {
            try {
                executor.execute(sweeper);
            } catch (RejectedExecutionException e) {
                log.debug("upload: expiry run skipped, the file executor is busy");
            }
        }, 1, 60, TimeUnit.MINUTES);
    }

    private void bind(String name, ListenerConfig listener, UploadStore store, boolean tls) {
        InetSocketAddress address = listener.address() == null ? new InetSocketAddress(listener.port())
                : new InetSocketAddress(listener.address(), listener.port());
        ServerBootstrap b = new ServerBootstrap()
                .group(boss, workers)
                .channel(Transport.of(workers).serverChannel())
                .option(ChannelOption.SO_BACKLOG, 1024)
                .childOption(ChannelOption.TCP_NODELAY, true)
                .childHandler(new ChannelInitializer<Channel>() {
                    @Override
                    protected void initChannel(Channel ch) {
                        connections.add(ch);
                        if (tls) {
                            ch.pipeline().addLast("tls", ssl.newHandler(ch.alloc()));
                        }
                        ch.pipeline().addLast("idle", new IdleStateHandler(0, 0, IDLE_SECONDS))
                                .addLast("http", new HttpServerCodec(new HttpDecoderConfig()
                                        .setMaxInitialLineLength(8192).setMaxHeaderSize(16384)
                                        .setMaxChunkSize(64 * 1024)))
                                .addLast("chunked", new ChunkedWriteHandler());
                        if (websocket != null) {
                            ch.pipeline().addLast("ws-route", websocket.route(tls));
                        }
                        if (bosh != null) {
                            ch.pipeline().addLast("bosh-route", bosh.route(tls));
                        }
                        ch.pipeline().addLast("upload", new UploadHandler(store));
                    }
                });
        try {
            Channel ch = b.bind(address).sync().channel();
            bound.put(name, ch);
            log.info("Listening for HTTP{} on {} (XEP-0363 uploads under /upload/{}{})", tls ? "S" : "",
                    ch.localAddress(), websocket == null ? "" : ", XMPP over WebSocket on " + WebSocketEndpoint.PATH,
                    bosh == null ? "" : ", BOSH on " + BoshEndpoint.PATH);
        } catch (Exception e) {
            throw new IllegalStateException("listeners." + name + ": cannot bind " + address + ": " + e.getMessage(),
                    e);
        }
    }

    private ThreadPoolExecutor executor() {
        AtomicInteger n = new AtomicInteger();
        executor = new ThreadPoolExecutor(FILE_THREADS, FILE_THREADS, 30, TimeUnit.SECONDS,
                new ArrayBlockingQueue<>(100_000), r -> {
                    Thread t = new Thread(r, "xmppd-http-files-" + n.incrementAndGet());
                    t.setDaemon(true);
                    return t;
                });
        executor.allowCoreThreadTimeOut(true);
        return executor;
    }

    /** The bound port of {@code "http"} or {@code "https"}, for tests that bind port 0. */
    public int port(String name) {
        Channel ch = bound.get(name);
        if (ch == null) {
            throw new IllegalArgumentException("listener: " + name + " (expected one of: " + bound.keySet() + ")");
        }
        return ((InetSocketAddress) ch.localAddress()).getPort();
    }

    /**
     * Stops listening, ends WebSocket streams with {@code system-shutdown}, closes open connections (uploads in
     * progress are discarded) and the file executor.
     */
    @Override
    public void close() {
        if (sweeping != null) {
            sweeping.cancel(false);
        }
        bound.values().forEach(ch -> ch.close().awaitUninterruptibly(5, TimeUnit.SECONDS));
        bound.clear();
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(5);
        List<ChannelFuture> closing = new ArrayList<>();
        if (websocket != null) {
            closing.addAll(WebSocketEndpoint.closeStreams(connections));
        }
        if (bosh != null) {
            closing.addAll(bosh.closeSessions()); // held requests take the stream error while connections are open
        }
        for (ChannelFuture f : closing) {
            f.awaitUninterruptibly(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
        if (bosh != null) {
            bosh.abortSessions(); // those that had no request to take the error
        }
        connections.close().awaitUninterruptibly(5, TimeUnit.SECONDS);
        if (executor != null) {
            executor.shutdown();
            try {
                executor.awaitTermination(5, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        }
    }
}
