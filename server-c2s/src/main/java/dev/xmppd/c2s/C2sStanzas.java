package dev.xmppd.c2s;

import dev.xmppd.c2s.csi.CsiOutbound;
import dev.xmppd.c2s.sm.Undelivered;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.stream.StreamErrorCondition;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * The bound phase of a client stream: the stanzas the client sends (RFC 6120 §8), answered here when they concern
 * the stream itself (legacy session establishment, a second bind), otherwise handed to the router; and XEP-0352
 * client state indication. Its {@link CsiOutbound} is made when a session is bound or resumed, to learn the rooms
 * the client joins, but joins the pipeline only at the client's first {@code <inactive/>}: until then it would pass
 * every stanza on, at the cost of one more handler per write. Runs on the channel's event loop only.
 */
final class C2sStanzas {
    private final C2sServices services;
    private final C2sStreamHandler stream;
    private final ChannelHandlerContext ctx;
    private CsiOutbound csi;

    C2sStanzas(C2sServices services, C2sStreamHandler stream, ChannelHandlerContext ctx) {
        this.services = services;
        this.stream = stream;
        this.ctx = ctx;
    }

    /**
     * A session is bound, or resumed, on this connection. Client state indication starts in the active state
     * (XEP-0352 §4, also after a resumption §6), unless {@code limits.csi-queued-stanzas} is 0.
     */
    void attach(C2sSession session) {
        int capacity = services.config().limits().csiQueuedStanzas();
        if (capacity > 0 && csi == null) {
            csi = new CsiOutbound(session.jid(), capacity);
        }
    }

    /**
     * {@code <active/>} or {@code <inactive/>} (XEP-0352 §4): nonzas, so not counted by XEP-0198 and never answered.
     * Before a session is bound, or with the feature off, they change nothing.
     */
    void onClientState(XmlElement e) {
        switch (e.name()) {
            case "active" -> {
                if (csi != null) {
                    csi.active(); // RFC 6120 §10.1: what was held goes out before anything that follows
                }
            }
            case "inactive" -> {
                if (csi != null) {
                    if (ctx.pipeline().context(csi) == null) {
                        // Nearest the stream handler, so behind stream management's counter (see CsiOutbound).
                        ctx.pipeline().addBefore(ctx.name(), CsiOutbound.NAME, csi);
                    }
                    csi.inactive();
                }
            }
            default -> stream.closeStream(new StreamError(StreamErrorCondition.UNSUPPORTED_STANZA_TYPE,
                    "unexpected <" + e.name() + "/> in " + e.namespace()));
        }
    }

    /** The connection is gone: the messages client state indication held back and never sent. */
    List<Undelivered> unsent() {
        if (csi == null) {
            return List.of();
        }
        return csi.unsent().stream().map(u -> new Undelivered(u.stanza(), u.since())).toList();
    }

    /**
     * Handles one stanza of {@code session}'s client.
     *
     * @return the unfinished work the stream must wait for (RFC 6120 §10.1), or {@code null}
     */
    CompletionStage<?> onStanza(C2sSession session, XmlElement e) {
        Stanza stanza;
        try {
            stanza = Stanza.parse(e);
        } catch (StanzaException ex) {
            if (!"error".equals(e.attribute("type"))) {
                ctx.writeAndFlush(Stanza.errorReplyElement(e.withAttribute("from", session.jid().toString()),
                        ex.error()));
            }
            return null;
        }
        if (csi != null) {
            csi.clientSent(stanza);
        }
        if (stanza instanceof Iq iq && iq.type() == IqType.SET && iq.payload() != null
                && (iq.to() == null || iq.to().equals(session.jid().bare()) || iq.to().isDomain())) {
            XmlElement payload = iq.payload();
            if (payload.is(Namespaces.SESSION, "session")) {
                ctx.writeAndFlush(iq.result()); // RFC 6121 §A (legacy session establishment): a no-op
                return null;
            }
            if (payload.is(Namespaces.BIND, "bind")) {
                ctx.writeAndFlush(iq.error(Condition.NOT_ALLOWED)); // one resource per stream
                return null;
            }
        }
        return services.router().routeFromClient(session, stanza);
    }
}
