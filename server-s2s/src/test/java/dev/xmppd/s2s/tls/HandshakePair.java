package dev.xmppd.s2s.tls;

import io.netty.buffer.ByteBuf;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslHandler;

/**
 * A TLS client and server handler joined through two {@link EmbeddedChannel}s: bytes are moved by hand, so the
 * handshake is deterministic and needs no port and no thread.
 */
final class HandshakePair implements AutoCloseable {

    final SslHandler client;
    final SslHandler server;
    private final EmbeddedChannel clientChannel;
    private final EmbeddedChannel serverChannel;

    HandshakePair(SslHandler client, SslHandler server) {
        this.client = client;
        this.server = server;
        this.clientChannel = new EmbeddedChannel(client);
        this.serverChannel = new EmbeddedChannel(server);
        for (int round = 0; round < 20 && !done(); round++) {
            move(clientChannel, serverChannel);
            move(serverChannel, clientChannel);
        }
    }

    boolean succeeded() {
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
                // A failed handshake shows in the handshake futures.
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
