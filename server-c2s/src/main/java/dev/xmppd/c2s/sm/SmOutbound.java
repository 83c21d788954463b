package dev.xmppd.c2s.sm;

import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import io.netty.channel.ChannelOutboundHandlerAdapter;
import io.netty.channel.ChannelPromise;
import java.util.List;

/**
 * Counts the stanzas written to a client with stream management on, where they are really written: in front of the
 * stream handler, so it sees the stanzas the handler writes and those delivered from other threads, in wire order.
 * Everything else (stream headers, features, acks, errors) passes untouched.
 */
final class SmOutbound extends ChannelOutboundHandlerAdapter {
    private final StreamManagement sm;
    private ChannelHandlerContext ctx;

    SmOutbound(StreamManagement sm) {
        this.sm = sm;
    }

    @Override
    public void handlerAdded(ChannelHandlerContext context) {
        this.ctx = context;
    }

    @Override
    public void write(ChannelHandlerContext context, Object msg, ChannelPromise promise) {
        if (msg instanceof Stanza || msg instanceof XmlElement e && Stanza.isStanza(e)) {
            sm.outbound(context, msg, promise);
        } else {
            context.write(msg, promise);
        }
    }

    /** Writes stanzas already counted (a resumption's retransmission), past the counting. */
    void retransmit(List<Object> stanzas) {
        for (Object stanza : stanzas) {
            ctx.write(stanza, ctx.voidPromise());
        }
        ctx.flush();
    }
}
