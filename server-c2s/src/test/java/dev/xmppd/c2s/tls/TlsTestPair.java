package dev.xmppd.c2s.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import javax.net.ssl.SSLEngine;

/**
 * A TLS client and server connected through two {@link EmbeddedChannel}s: bytes are moved by hand, so the handshake is
 * deterministic and needs no port and no thread.
 */
public final class TlsTestPair implements AutoCloseable {

    public final SslHandler client;
    public final SslHandler server;
    private final EmbeddedChannel clientChannel;
    private final EmbeddedChannel serverChannel;

    private TlsTestPair(SslHandler client, SslHandler server) {
        this.client = client;
        this.server = server;
        this.clientChannel = new EmbeddedChannel(client);
        this.serverChannel = new EmbeddedChannel(server);
    }

    /** Runs a handshake between a client engine and a server context; check the handshake futures afterwards. */
    public static TlsTestPair handshake(SSLEngine clientEngine, SslContext serverContext) {
        clientEngine.setUseClientMode(true);
        TlsTestPair pair = new TlsTestPair(new SslHandler(clientEngine),
                serverContext.newHandler(ByteBufAllocator.DEFAULT));
        for (int round = 0; round < 20 && !pair.done(); round++) {
            move(pair.clientChannel, pair.serverChannel);
            move(pair.serverChannel, pair.clientChannel);
        }
        return pair;
    }

    public static TlsTestPair handshake(SslContext clientContext, SslContext serverContext) {
        return handshake(clientContext.newEngine(ByteBufAllocator.DEFAULT), serverContext);
    }

    public boolean succeeded() {
        return client.handshakeFuture().isSuccess() && server.handshakeFuture().isSuccess();
    }

    private boolean done() {
        return client.handshakeFuture().isDone() && server.handshakeFuture().isDone();
    }

    private static void move(EmbeddedChannel from, EmbeddedChannel to) {
        from.runPendingTasks();
        for (ByteBuf buf = from.readOutbound(); buf != null; buf = from.readOutbound()) {
            try {
                to.writeInbound(buf);
            } catch (RuntimeException e) {
                // A failed handshake surfaces through the handshake future.
            }
        }
        to.runPendingTasks();
    }

    @Override
    public void close() {
        clientChannel.finishAndReleaseAll();
        serverChannel.finishAndReleaseAll();
    }
}
