package dev.xmppd.bench.load;

import dev.xmppd.core.stream.Transport;
import io.netty.bootstrap.Bootstrap;
import io.netty.channel.ChannelOption;
import io.netty.channel.EventLoop;
import io.netty.channel.EventLoopGroup;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslContextBuilder;
import io.netty.handler.ssl.util.InsecureTrustManagerFactory;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import javax.net.ssl.SSLException;

/**
 * Opens client connections: one event loop group of two threads (the server's transport: epoll, else NIO) for all of them, a trust-all TLS context
 * (the server's certificate is self-signed; only for loopback benchmarks), and a shared SCRAM cache.
 */
final class Connector implements AutoCloseable {
    /** The outcome of {@link #logIn}: the clients that are ready, in no particular order. */
    record Logins(List<XmppClient> ready, int failed, String firstFailure, long nanos) {
    }

    private final LoadOptions options;
    private final Transport transport = Transport.best();
    private final EventLoopGroup group = transport.newGroup(2);
    private final List<EventLoop> loops = new ArrayList<>();
    private final Bootstrap bootstrap;
    private final SslContext ssl;
    private final ScramClient.Cache cache = new ScramClient.Cache();

    Connector(LoadOptions options) throws SSLException {
        this.options = options;
        group.forEach(e -> loops.add((EventLoop) e));
        this.bootstrap = new Bootstrap().group(group).channel(transport.socketChannel())
                .option(ChannelOption.TCP_NODELAY, true).option(ChannelOption.CONNECT_TIMEOUT_MILLIS, 10_000);
        this.ssl = options.tls()
                ? SslContextBuilder.forClient().trustManager(InsecureTrustManagerFactory.INSTANCE).build() : null;
    }

    EventLoopGroup group() {
        return group;
    }

    XmppClient connect(int index, boolean presence, XmppClient.Listener listener) {
        XmppClient client = new XmppClient(options, index, cache, ssl, presence, listener);
        // Both accounts of a pair (2i, 2i + 1) on one event loop: a received message makes its receiver send the
        // next one on the partner's connection, which then needs no hand-over to another thread.
        bootstrap.clone(loops.get((index / 2) % loops.size())).handler(client).connect(options.host(), options.port()).addListener(f -> {
            if (!f.isSuccess()) {
                listener.failed(client, "connect: " + f.cause());
            }
        });
        return client;
    }

    /**
     * Logs in one client per account index, {@code inFlight} at a time, recording each login's latency (connect
     * to bind result). Kept clients pass their later events to {@code after}; the others are closed when ready.
     */
    Logins logIn(int[] indices, boolean presence, boolean keep, Latencies latencies, XmppClient.Listener after)
            throws InterruptedException {
        CountDownLatch done = new CountDownLatch(indices.length);
        AtomicInteger next = new AtomicInteger();
        AtomicInteger failed = new AtomicInteger();
        AtomicReference<String> firstFailure = new AtomicReference<>();
        ConcurrentLinkedQueue<XmppClient> ready = new ConcurrentLinkedQueue<>();
        XmppClient.Listener listener = new XmppClient.Listener() {
            @Override
            public void ready(XmppClient client) {
                latencies.record(System.nanoTime() - client.started());
                if (keep) {
                    ready.add(client);
                } else {
                    client.close();
                }
                done.countDown();
                launch(this);
            }

            @Override
            public void failed(XmppClient client, String reason) {
                if (client.jid() != null) {
                    after.failed(client, reason);
                    return;
                }
                failed.incrementAndGet();
                firstFailure.compareAndSet(null, "user" + client.index() + ": " + reason);
                done.countDown();
                launch(this);
            }

            @Override
            public void body(XmppClient client, String text) {
                after.body(client, text);
            }

            @Override
            public void status(XmppClient client, String text) {
                after.status(client, text);
            }

            @Override
            public void presence(XmppClient client, String startTag) {
                after.presence(client, startTag);
            }

            private void launch(XmppClient.Listener self) {
                int i = next.getAndIncrement();
                if (i < indices.length) {
                    connect(indices[i], presence, self);
                }
            }
        };
        long start = System.nanoTime();
        for (int i = 0; i < Math.min(options.inFlight(), indices.length); i++) {
            connect(indices[next.getAndIncrement()], presence, listener);
        }
        if (!done.await(options.timeoutSeconds(), TimeUnit.SECONDS)) {
            next.set(indices.length); // stop launching; report what finished
        }
        long nanos = System.nanoTime() - start;
        return new Logins(List.copyOf(ready), failed.get() + (int) done.getCount(), firstFailure.get(), nanos);
    }

    @Override
    public void close() {
        group.shutdownGracefully(0, 2, TimeUnit.SECONDS).syncUninterruptibly();
    }
}
