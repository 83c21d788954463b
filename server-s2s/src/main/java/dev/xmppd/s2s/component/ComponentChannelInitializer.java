package dev.xmppd.s2s.component;

import dev.xmppd.core.config.LimitsConfig;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stream.StreamLimits;
import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.stream.XmppStreamEncoder;
import dev.xmppd.core.xml.Namespaces;
import io.netty.channel.ChannelInitializer;
import io.netty.channel.ChannelPipeline;
import io.netty.channel.WriteBufferWaterMark;
import io.netty.channel.group.ChannelGroup;
import io.netty.channel.socket.SocketChannel;

/**
 * The pipeline of a component connection: {@code decoder → encoder → component}. The decoder reads
 * {@code jabber:component:accept} with the server-to-server limits ({@code limits.s2s-stanza-bytes},
 * {@code limits.xml-depth}, {@code limits.attributes-per-element}): a gateway carries many users' traffic, like a
 * peer server. The output buffer is bounded by {@code limits.output-buffer-bytes}; past it, stanzas for the
 * component bounce with {@code resource-constraint}. There is no TLS (XEP-0114 has none: the listener is on the
 * loopback address by default), no rate limit and no idle timeout (a component stays connected).
 */
final class ComponentChannelInitializer extends ChannelInitializer<SocketChannel> {
    private final ComponentLinks links;
    private final StanzaRouter router;
    private final LimitsConfig limits;
    private final ChannelGroup channels;
    private final XmppStreamEncoder encoder = new XmppStreamEncoder();

    ComponentChannelInitializer(ComponentLinks links, StanzaRouter router, LimitsConfig limits,
            ChannelGroup channels) {
        this.links = links;
        this.router = router;
        this.limits = limits;
        this.channels = channels;
    }

    @Override
    protected void initChannel(SocketChannel ch) {
        channels.add(ch);
        int outBytes = limits.outputBufferBytes();
        ch.config().setWriteBufferWaterMark(new WriteBufferWaterMark(outBytes / 2, outBytes));
        ChannelPipeline p = ch.pipeline();
        p.addLast("decoder", new XmppStreamDecoder(streamLimits(limits), Namespaces.COMPONENT));
        p.addLast("encoder", encoder);
        p.addLast("component", new ComponentStreamHandler(links, router, limits.unauthenticatedTimeout(), outBytes));
    }

    static StreamLimits streamLimits(LimitsConfig limits) {
        return new StreamLimits(limits.s2sStanzaBytes(), limits.xmlDepth(), limits.attributesPerElement(),
                StreamLimits.S2S.maxHeaderBytes());
    }
}
