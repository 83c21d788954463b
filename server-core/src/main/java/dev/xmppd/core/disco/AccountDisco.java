package dev.xmppd.core.disco;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * What an account's bare JID answers to disco#info (XEP-0030 §3.1), as the server answers on the account's behalf:
 * the identity {@code account/registered}, {@code disco#info}, and what other modules add here, such as
 * {@code urn:xmpp:mam:2} (XEP-0313 §6.1) or the PEP identity (XEP-0163 §9). The {@code disco} module provides it; a
 * module that needs it must come after {@code disco} in {@code modules:}.
 *
 * <pre>
 * C: &lt;iq type='get' to='juliet@example.com' id='a1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' from='juliet@example.com' id='a1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#info'&gt;
 *      &lt;identity category='account' type='registered'/&gt;&lt;feature var='http://jabber.org/protocol/disco#info'/&gt;…
 * </pre>
 */
public interface AccountDisco {

    /**
     * Answers for an account's nodes: disco#items of the bare JID, and disco#info / disco#items of one of its nodes,
     * as the PEP service does (XEP-0163 §9, XEP-0060 §5.2-5.5). Each stage may fail with a
     * {@code StanzaException} (e.g. {@code item-not-found}).
     */
    interface Nodes {

        /** The {@code <item/>} children of the account's disco#items (no node), for this requester. */
        CompletionStage<List<XmlElement>> items(BareJid account, Jid requester);

        /** The children of the disco#info result for one node of the account. */
        CompletionStage<List<XmlElement>> nodeInfo(BareJid account, String node, Jid requester);

        /** The children of the disco#items result for one node of the account. */
        CompletionStage<List<XmlElement>> nodeItems(BareJid account, String node, Jid requester);
    }

    /** Adds a feature to every account's disco#info until the returned action runs. */
    Runnable feature(String var);

    /** Adds an identity to every account's disco#info until the returned action runs. */
    Runnable identity(String category, String type, String name);

    /**
     * Answers for every account's items and nodes until the returned action runs; without it an account lists no
     * items and has no nodes.
     *
     * @throws IllegalStateException if another module answers already
     */
    Runnable nodes(Nodes nodes);
}
