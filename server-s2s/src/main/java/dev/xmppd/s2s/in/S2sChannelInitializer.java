package dev.xmppd.s2s.in;

import dev.xmppd.c2s.InboundRateLimiter;
import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.config.StartTlsPolicy;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.s2s.BidiRoutes;
import dev.xmppd.s2s.S2sServices;
import dev.xmppd.s2s.dialback.DialbackVerifier;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;
import io.netty.handler.timeout.IdleStateHandler;
import java.util.concurrent.TimeUnit;

/**
 * The pipeline of an inbound server-to-server connection:
 * <pre>
 * rate → [tls] (direct TLS; added after "rate" on &lt;proceed/&gt; for STARTTLS) → idle → decoder → encoder → s2s
 * </pre>
 * {@code rate} is {@code limits.bytes-per-second} per connection; {@code idle} closes a stream without traffic in
 * either direction for {@code s2s.idle-timeout}; the decoder reads {@code jabber:server} with
 * {@code limits.s2s-stanza-bytes}.
 */
final class S2sChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final S2sServices services;
    private final DialbackVerifier verifier;
    private final InboundStreams streams;
    private final BidiRoutes bidi;
    private final boolean directTls;
    private final StartTlsPolicy policy;
    private final ChannelGroup channels;
    private final XmppStreamEncoder encoder = new XmppStreamEncoder();

    S2sChannelInitializer(S2sServices services, DialbackVerifier verifier, InboundStreams streams, BidiRoutes bidi,
            boolean directTls, StartTlsPolicy policy, ChannelGroup channels) {
        this.services = services;
        this.verifier = verifier;
        this.streams = streams;
        this.bidi = bidi;
        this.directTls = directTls;
        this.policy = policy;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        LimitsConfig limits = services.config().limits();
        int outBytes = limits.outputBufferBytes();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(outBytes / 2, outBytes));
        ChannelPipeline p = ch.pipeline();
        p.addLast("rate", new InboundRateLimiter(limits.bytesPerSecond(), InboundStreamHandler::isBusy));
        if (directTls) {
            p.addLast("tls", services.tls().server().newHandler(ch.alloc()));
        }
        p.addLast("idle", new IdleStateHandler(0, 0, services.config().s2s().idleTimeout().toSeconds(),
                TimeUnit.SECONDS));
        StreamLimits streamLimits = new StreamLimits(limits.s2sStanzaBytes(), limits.xmlDepth(),
                limits.attributesPerElement(), StreamLimits.S2S.maxHeaderBytes());
        p.addLast("decoder", new XmppStreamDecoder(streamLimits, Namespaces.SERVER));
        p.addLast("encoder", encoder);
        p.addLast("s2s", new InboundStreamHandler(services, verifier, streams, bidi, policy, directTls));
    }
}
