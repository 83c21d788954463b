package dev.xmppd.im.blocking;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.ErrorType;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.core.xml.XmlNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The rules of XEP-0191 §3.3 for stanzas between an account and the addresses it blocks, as router rewriters (for
 * messages and presence: they return the stanza, or {@code null} to stop it) and IQ handlers. Each
 * check is one map lookup for accounts that block nobody. Stanzas between an account and its own server or its own
 * resources are never blocked, so that blocking one's own domain cannot lock a client out of its server.
 */
final class Enforcement {
    static final String ERRORS_NS = "urn:xmpp:blocking:errors";

    private final Map<BareJid, Blocklist> lists;
    private final SessionRegistry sessions;

    Enforcement(Map<BareJid, Blocklist> lists, SessionRegistry sessions) {
        this.lists = lists;
        this.sessions = sessions;
    }

    /**
     * PRE_ROUTE, on the sender's host: a stanza to a blocked address is not routed. Messages and IQ requests get
     * {@code not-acceptable} with {@code <blocked/>}; presence (often a broadcast or probe the server sends for the
     * user), IQ results and errors are dropped silently. Errors pass, so that the server's own bounces reach the
     * blocked contact.
     */
    <T extends Stanza> T outbound(T s) {
        return outboundVerdict(s) == Verdict.CONTINUE ? s : null;
    }

    /** {@link #outbound} as an IQ handler. */
    Verdict outboundVerdict(Stanza s) {
        Jid from = s.from();
        Jid to = s.to();
        if (to == null || from == null || from.local() == null || s.isError() || exempt(from, to)) {
            return Verdict.CONTINUE;
        }
        Blocklist list = lists.get(from.bare());
        if (list == null || !list.matches(to)) {
            return Verdict.CONTINUE;
        }
        if (s instanceof Message || s instanceof Iq iq && iq.type().isRequest()) {
            // XEP-0191 §3.3: not-acceptable with the application condition, straight back to the sending session
            // (routed, it would meet the user's own block of the contact on the way back).
            Session sender = from instanceof FullJid full ? sessions.get(full) : null;
            if (sender != null) {
                sender.deliver(Stanza.parse(blockedError(s.element())));
            }
        }
        return Verdict.DROP;
    }

    /**
     * FILTER, on the addressee's host: nothing from a blocked address reaches the account (XEP-0191 §3.3). Messages
     * and IQ requests are answered with {@code service-unavailable}, so the user seems offline; presence (including
     * subscriptions and probes), IQ results and errors are dropped silently.
     */
    <T extends Stanza> T inbound(T s) {
        return inboundVerdict(s) == Verdict.CONTINUE ? s : null;
    }

    /** {@link #inbound} as an IQ handler; a message or IQ request from a blocked address throws its bounce. */
    Verdict inboundVerdict(Stanza s) {
        Jid from = s.from();
        Jid to = s.to();
        if (to == null || to.local() == null || from == null || exempt(to, from)) {
            return Verdict.CONTINUE;
        }
        Blocklist list = lists.get(to.bare());
        if (list == null || !list.matches(from)) {
            return Verdict.CONTINUE;
        }
        if (s instanceof Message m && !m.isError() || s instanceof Iq iq && iq.type().isRequest()) {
            throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
        }
        return Verdict.DROP;
    }

    /** The account's own server and its own addresses are never blocked. */
    private static boolean exempt(Jid account, Jid other) {
        return other.bare().equals(account.bare()) || other.isDomain() && other.domain().equals(account.domain());
    }

    /** The error reply with {@code <blocked xmlns='urn:xmpp:blocking:errors'/>} beside the defined condition. */
    static XmlElement blockedError(XmlElement original) {
        XmlElement reply = Stanza.errorReplyElement(original,
                new StanzaError(Condition.NOT_ACCEPTABLE, ErrorType.CANCEL, null));
        List<XmlNode> children = new ArrayList<>(reply.children());
        int last = children.size() - 1; // errorReplyElement appends the error last
        XmlElement error = (XmlElement) children.get(last);
        children.set(last, error.withChild(XmlElement.empty(ERRORS_NS, "blocked")));
        return reply.withChildren(children);
    }
}
