package dev.xmppd.im.carbons;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.Phase;
import dev.xmppd.core.module.RouteScope;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.module.XmppModule;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.forward.Forwarding;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentMap;
import javax.xml.namespace.QName;

/**
 * Message Carbons (XEP-0280): a resource that enabled carbons receives a copy of each eligible message its account
 * receives on another resource ({@code <received/>}) and of each one another resource sends ({@code <sent/>}).
 *
 * <pre>
 * C (romeo/home): &lt;iq type='set' id='e1'&gt;&lt;enable xmlns='urn:xmpp:carbons:2'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='e1' to='romeo@montague.lit/home'/&gt;
 *   (juliet writes to romeo/garden)
 * S: &lt;message from='romeo@montague.lit' to='romeo@montague.lit/home' type='chat'&gt;
 *      &lt;received xmlns='urn:xmpp:carbons:2'&gt;&lt;forwarded xmlns='urn:xmpp:forward:0'&gt;
 *        &lt;message xmlns='jabber:client' from='juliet@capulet.lit/balcony' to='romeo@montague.lit/garden'
 *          type='chat'&gt;&lt;body&gt;Wherefore art thou?&lt;/body&gt;&lt;/message&gt;
 *      &lt;/forwarded&gt;&lt;/received&gt;
 *    &lt;/message&gt;
 * </pre>
 */
public final class CarbonsModule implements XmppModule {
    public static final String NAMESPACE = "urn:xmpp:carbons:2";
    static final QName ENABLE = new QName(NAMESPACE, "enable");
    static final QName DISABLE = new QName(NAMESPACE, "disable");

    /** The sessions that enabled carbons, by full JID; the value tells a rebound JID from the old session. */
    private final ConcurrentMap<FullJid, Session> enabled = new ConcurrentHashMap<>();
    private ModuleContext ctx;

    @Override
    public String name() {
        return "carbons";
    }

    @Override
    public void configure(ModuleContext context) {
        ctx = context;
        ctx.feature(NAMESPACE);
        ctx.iq(IqType.SET, ENABLE, RouteScope.ACCOUNT, request -> toggle(request, true));
        ctx.iq(IqType.SET, DISABLE, RouteScope.ACCOUNT, request -> toggle(request, false));
        // XEP-0280 §4: carbons are per session; a new session on the same full JID starts without them.
        ctx.on(Events.SessionBound.class, e -> enabled.remove(e.session().jid()));
        ctx.on(Events.SessionClosed.class, e -> enabled.remove(e.session().jid(), e.session()));
        ctx.onMessage(Phase.PRE_ROUTE, this::sent);
        ctx.onMessageDelivered(this::received);
    }

    /** True if the session bound to this JID enabled carbons. */
    boolean isEnabled(FullJid jid) {
        return enabled.containsKey(jid);
    }

    private CompletionStage<Iq> toggle(IqRequest request, boolean enable) {
        // XEP-0280 §4: a client enables carbons for itself, on its own account.
        if (!request.isSelf() || !(request.from() instanceof FullJid from)) {
            throw new StanzaException(Condition.NOT_ALLOWED, "carbons are enabled by a resource for itself");
        }
        Session session = ctx.sessions().get(from);
        if (session == null) {
            throw new StanzaException(Condition.ITEM_NOT_FOUND);
        }
        if (enable) {
            enabled.put(from, session);
        } else {
            enabled.remove(from, session);
        }
        return request.result();
    }

    /** XEP-0280 §5: copies of what one resource sends go to the account's other interested resources. */
    private Verdict sent(Message message) {
        if (message.from() instanceof FullJid from && from.domain().equals(ctx.host())
                && message.to() != null && CarbonRules.eligible(message)) {
            List<FullJid> skip = new ArrayList<>(2);
            skip.add(from);
            if (message.to() instanceof FullJid to) {
                skip.add(to); // it gets the message itself
            }
            copy(from.bare(), "sent", message, skip);
        }
        return Verdict.CONTINUE;
    }

    /** XEP-0280 §6: copies of what the account receives go to its interested resources that did not get it. */
    private void received(Message message, List<Session> recipients) {
        if (!CarbonRules.eligible(message)) {
            return;
        }
        BareJid account = recipients.get(0).jid().bare();
        List<FullJid> skip = new ArrayList<>(recipients.size() + 1);
        recipients.forEach(s -> skip.add(s.jid()));
        if (message.from() instanceof FullJid from && from.bare().equals(account)) {
            // Between two resources of one account: the others had a <sent/> copy already.
            return;
        }
        copy(account, "received", message, skip);
    }

    private void copy(BareJid account, String direction, Message message, List<FullJid> skip) {
        XmlElement wrapped = XmlElement.builder(NAMESPACE, direction)
                .child(Forwarding.forwarded(message, null)).build();
        for (Session s : ctx.sessions().sessions(account)) {
            if (!skip.contains(s.jid()) && s.isAvailable() && enabled.get(s.jid()) == s) {
                s.deliver(carbon(account, s.jid(), message, wrapped));
            }
        }
    }

    /** XEP-0280 §7: from the bare JID of the account, to the resource, with the type of the original. */
    private static Message carbon(BareJid account, FullJid to, Message original, XmlElement wrapped) {
        XmlElement element = XmlElement.builder(Namespaces.CLIENT, "message")
                .attribute("from", account.toString())
                .attribute("to", to.toString())
                .attribute("type", original.element().attribute("type"))
                .child(wrapped)
                .build();
        return new Message(element, to, account, original.type());
    }
}
