package dev.xmppd.c2s;

import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import io.netty.channel.ChannelHandlerContext;
import java.util.concurrent.CompletionStage;

/**
 * The stanzas a bound client sends (RFC 6120 §8): parsed, answered here when they concern the stream itself (legacy
 * session establishment, a second bind), otherwise stamped and handed to the router. Runs on the channel's event
 * loop only.
 */
final class C2sStanzas {
    private final C2sServices services;
    private final ChannelHandlerContext ctx;

    C2sStanzas(C2sServices services, ChannelHandlerContext ctx) {
        this.services = services;
        this.ctx = ctx;
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
