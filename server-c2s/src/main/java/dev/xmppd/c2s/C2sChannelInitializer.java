package dev.xmppd.c2s;

import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.StreamOpen;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import io.netty.channel.Channel;
import io.netty.channel.ChannelFutureListener;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import java.net.InetAddress;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The pipeline of a client connection:
 * <pre>
 * rate → [tls] (direct TLS; added after "rate" on &lt;proceed/&gt; for STARTTLS) → idle → liveness → decoder →
 * encoder → c2s
 * </pre>
 * A connection over the per-address limit gets a {@code policy-violation} stream error and is closed.
 *
 * <p>{@link #attachStream} puts the same stream machinery behind another transport (RFC 7395 WebSocket).
 */
public final class C2sChannelInitializer extends ChannelInitializer<SocketChannel> {
    private static final Logger log = LoggerFactory.getLogger(C2sChannelInitializer.class);

    private final C2sServices services;
    private final boolean directTls;
    private final StartTlsPolicy policy;
    private final ChannelGroup channels;
    private final XmppStreamEncoder encoder = new XmppStreamEncoder();

    C2sChannelInitializer(C2sServices services, boolean directTls, StartTlsPolicy policy, ChannelGroup channels) {
        this.services = services;
        this.directTls = directTls;
        this.policy = policy;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        InetAddress address = ch.remoteAddress().getAddress();
        if (!services.limits().tryOpen(address)) {
            log.warn("Refused a connection from {}: limits.connections-per-ip ({}) reached", address,
                    services.config().limits().connectionsPerIp());
            refuse(ch);
            return;
        }
        ch.closeFuture().addListener(f -> services.limits().close(address));
        channels.add(ch);
        LimitsConfig limits = services.config().limits();
        int outBytes = limits.outputBufferBytes();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(outBytes / 2, outBytes));
        ChannelPipeline p = ch.pipeline();
        p.addLast("rate", new InboundRateLimiter(limits.bytesPerSecond()));
        if (directTls) {
            p.addLast("tls", services.ssl().newHandler(ch.alloc()));
        }
        p.addLast("liveness", new C2sLiveness(limits.idleTimeout(), C2sLiveness.KEEPALIVE));
        p.addLast("decoder", new XmppStreamDecoder(streamLimits(limits), Namespaces.CLIENT));
        p.addLast("encoder", encoder);
        p.addLast("c2s", new C2sStreamHandler(services, directTls ? StartTlsPolicy.REQUIRED : policy));
    }

    /**
     * Adds the client stream to a connection whose transport already frames XML into {@code StreamOpen},
     * {@code XmlElement} and {@code StreamClose} messages (an RFC 7395 WebSocket): the inbound rate limit first, then
     * liveness and the stream handler last. The transport is secure (wss, or TLS terminated by a trusted proxy), so no
     * STARTTLS is offered. Call on the event loop of an active channel whose per-address slot is already taken.
     */
    /** The limits of a client stream, from {@code limits.*}: the same on TCP, WebSocket and BOSH. */
    public static StreamLimits streamLimits(LimitsConfig limits) {
        return new StreamLimits(limits.c2sStanzaBytes(), limits.xmlDepth(), limits.attributesPerElement(),
                StreamLimits.C2S.maxHeaderBytes());
    }

    public static void attachStream(Channel ch, C2sServices services) {
        LimitsConfig limits = services.config().limits();
        int outBytes = limits.outputBufferBytes();
        ch.config().setWriteBufferWaterMark(new io.netty.channel.WriteBufferWaterMark(outBytes / 2, outBytes));
        ChannelPipeline p = ch.pipeline();
        p.addFirst("rate", new InboundRateLimiter(limits.bytesPerSecond()));
        p.addLast("liveness", new C2sLiveness(limits.idleTimeout(), C2sLiveness.KEEPALIVE));
        p.addLast("c2s", new C2sStreamHandler(services, StartTlsPolicy.REQUIRED, true));
        // The channel was active before the stream existed: start its authentication timer now.
        p.context("liveness").fireChannelActive();
    }

    /** RFC 6120 §4.9.1.2: a stream header, then the error, then close. */
    private void refuse(Channel ch) {
        ch.pipeline().addLast(encoder);
        ch.write(new StreamOpen(Namespaces.CLIENT, null, services.config().hosts().get(0), null, "1.0", "en", false));
        ch.writeAndFlush(new StreamError(StreamErrorCondition.POLICY_VIOLATION, "too many connections"))
                .addListener(ChannelFutureListener.CLOSE);
    }
}
