package dev.xmppd.core.disco;

import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;

/**
 * Nodes of the server's service discovery (XEP-0030 §3.2 info, §4.2 items) answered by other modules, such as the
 * ad-hoc command list {@code http://jabber.org/protocol/commands} (XEP-0050 §2.2). The {@code disco} module provides
 * it; a module that needs it must come after {@code disco} in {@code modules:} so that it can add its nodes while it
 * is configured.
 *
 * <pre>
 * C: &lt;iq type='get' to='example.com' id='n1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#items'
 *        node='http://jabber.org/protocol/commands'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='example.com' id='n1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#items'
 *        node='http://jabber.org/protocol/commands'&gt;&lt;item jid='example.com' node='…' name='…'/&gt;…
 * </pre>
 */
public interface DiscoNodes {

    /** Answers the queries for one node; either method may throw a {@code StanzaException} (e.g. forbidden). */
    interface Node {

        /** The children of the disco#info result ({@code <identity/>}, {@code <feature/>}) for this requester. */
        List<XmlElement> info(Jid requester);

        /** The children of the disco#items result ({@code <item/>}) for this requester. */
        List<XmlElement> items(Jid requester);
    }

    /**
     * Serves a node until the returned action runs.
     *
     * @throws IllegalStateException if another module serves this node already
     */
    Runnable add(String node, Node handler);
}
