package dev.xmppd.c2s.tls;

import io.netty.buffer.ByteBuf;
import io.netty.buffer.ByteBufAllocator;
import io.netty.buffer.ByteBufUtil;
import io.netty.buffer.Unpooled;
import io.netty.channel.embedded.EmbeddedChannel;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.security.SecureRandom;
import org.bouncycastle.tls.ChannelBinding;
import org.bouncycastle.tls.DefaultTlsClient;
import org.bouncycastle.tls.ProtocolVersion;
import org.bouncycastle.tls.ServerOnlyTlsAuthentication;
import org.bouncycastle.tls.TlsAuthentication;
import org.bouncycastle.tls.TlsClientProtocol;
import org.bouncycastle.tls.TlsServerCertificate;
import org.bouncycastle.tls.crypto.impl.bc.BcTlsCrypto;

/**
 * A Bouncy Castle TLS client (its own TLS stack, not JSSE) against a server {@link SslHandler} in an
 * {@link EmbeddedChannel}: an implementation of RFC 9266 independent of Conscrypt. Bouncy Castle exports the binding
 * only inside {@code notifyHandshakeComplete()}, so it is taken there.
 */
final class BcTlsClientPair implements AutoCloseable {

    final SslHandler server;
    private final EmbeddedChannel serverChannel;
    private final TlsClientProtocol protocol = new TlsClientProtocol();
    private byte[] exporter;
    private boolean extendedMasterSecret;

    private BcTlsClientPair(SslContext serverContext) {
        this.server = serverContext.newHandler(ByteBufAllocator.DEFAULT);
        this.serverChannel = new EmbeddedChannel(server);
    }

    static BcTlsClientPair handshake(SslContext serverContext, ProtocolVersion version) throws IOException {
        return handshake(serverContext, version, null);
    }

    /** With only these cipher suites offered ({@code org.bouncycastle.tls.CipherSuite}), or the defaults if null. */
    static BcTlsClientPair handshake(SslContext serverContext, ProtocolVersion version, int[] suites)
            throws IOException {
        BcTlsClientPair pair = new BcTlsClientPair(serverContext);
        pair.protocol.connect(pair.new Client(version, suites));
        for (int round = 0; round < 20 && (pair.protocol.isHandshaking() || !pair.server.handshakeFuture().isDone());
                round++) {
            pair.toServer();
            pair.toClient();
        }
        return pair;
    }

    /** The client's {@code tls-exporter} binding, or {@code null} if Bouncy Castle would not export one. */
    byte[] exporter() {
        return exporter;
    }

    boolean extendedMasterSecret() {
        return extendedMasterSecret;
    }

    boolean succeeded() {
        return !protocol.isHandshaking() && !protocol.isClosed() && server.handshakeFuture().isSuccess();
    }

    private void toServer() {
        int available = protocol.getAvailableOutputBytes();
        if (available > 0) {
            byte[] bytes = new byte[available];
            protocol.readOutput(bytes, 0, available);
            serverChannel.writeInbound(Unpooled.wrappedBuffer(bytes));
        }
        serverChannel.runPendingTasks();
    }

    private void toClient() {
        for (ByteBuf buf = serverChannel.readOutbound(); buf != null; buf = serverChannel.readOutbound()) {
            try {
                protocol.offerInput(ByteBufUtil.getBytes(buf));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } finally {
                buf.release();
            }
        }
    }

    @Override
    public void close() {
        serverChannel.finishAndReleaseAll();
    }

    private final class Client extends DefaultTlsClient {
        private final ProtocolVersion version;
        private final int[] suites;

        Client(ProtocolVersion version, int[] suites) {
            super(new BcTlsCrypto(new SecureRandom()));
            this.version = version;
            this.suites = suites;
        }

        @Override
        protected int[] getSupportedCipherSuites() {
            return suites == null ? super.getSupportedCipherSuites() : suites.clone();
        }

        @Override
        protected ProtocolVersion[] getSupportedVersions() {
            return version.only();
        }

        @Override
        public TlsAuthentication getAuthentication() {
            return new ServerOnlyTlsAuthentication() {
                @Override
                public void notifyServerCertificate(TlsServerCertificate serverCertificate) {
                    // The test trusts the self-signed server certificate.
                }
            };
        }

        @Override
        public void notifyHandshakeComplete() throws IOException {
            super.notifyHandshakeComplete();
            extendedMasterSecret = context.getSecurityParametersConnection().isExtendedMasterSecret();
            try {
                exporter = context.exportChannelBinding(ChannelBinding.tls_exporter);
            } catch (IllegalStateException e) {
                exporter = null; // e.g. TLS 1.2 without the extended master secret
            }
        }
    }
}
