package dev.xmppd.im.pep;

import dev.xmppd.core.disco.AccountDisco;
import dev.xmppd.core.disco.DiscoModule;
import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * An account's nodes in service discovery (XEP-0060 §5.2-§5.5, XEP-0163 §9.2): its disco#items lists the nodes the
 * requester may access (all of them for the owner), a node's disco#info says it is a leaf node with its access
 * model, and its disco#items lists the item ids. A node the requester may not access looks like no node at all.
 *
 * <pre>
 * C: &lt;iq type='get' to='juliet@capulet.lit' id='d1'&gt;&lt;query xmlns='http://jabber.org/protocol/disco#items'/&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='d1'&gt;&lt;query …&gt;&lt;item jid='juliet@capulet.lit' node='urn:xmpp:avatar:metadata'/&gt;…
 * </pre>
 */
final class PepDisco implements AccountDisco.Nodes {
    static final String META_DATA = "http://jabber.org/protocol/pubsub#meta-data";

    private final PepStore store;
    private final Access access;

    PepDisco(PepStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    @Override
    public CompletionStage<List<XmlElement>> items(BareJid account, Jid requester) {
        return access.relation(account, requester).thenCombine(store.nodes(account), (relation, nodes) -> {
            List<XmlElement> items = new ArrayList<>();
            for (PepNode n : nodes) {
                if (relation.allows(n.config())) {
                    items.add(XmlElement.builder(DiscoModule.ITEMS, "item").attribute("jid", account.toString())
                            .attribute("node", n.name()).attribute("name", n.config().title()).build());
                }
            }
            return items;
        });
    }

    @Override
    public CompletionStage<List<XmlElement>> nodeInfo(BareJid account, String node, Jid requester) {
        return visible(account, node, requester).thenApply(n -> List.of(
                XmlElement.builder(DiscoModule.INFO, "identity").attribute("category", "pubsub")
                        .attribute("type", "leaf").build(),
                XmlElement.builder(DiscoModule.INFO, "feature").attribute("var", Requests.PUBSUB).build(),
                metaData(n.config())));
    }

    @Override
    public CompletionStage<List<XmlElement>> nodeItems(BareJid account, String node, Jid requester) {
        return visible(account, node, requester).thenApply(n -> n.items().stream()
                .map(i -> XmlElement.builder(DiscoModule.ITEMS, "item").attribute("jid", account.toString())
                        .attribute("name", i.id()).build())
                .toList());
    }

    private CompletionStage<PepNode> visible(BareJid account, String node, Jid requester) {
        return access.relation(account, requester).thenCombine(store.node(account, node), (relation, found) -> {
            if (found.isEmpty() || !relation.allows(found.get().config())) {
                throw new StanzaException(Condition.ITEM_NOT_FOUND);
            }
            return found.get();
        });
    }

    /** XEP-0060 §5.4: the node's meta-data form. */
    private static XmlElement metaData(NodeConfig config) {
        return XmlElement.builder(ConfigForm.DATA, "x").attribute("type", "result")
                .child(field("FORM_TYPE", "hidden", META_DATA))
                .child(field("pubsub#access_model", null, config.access().value()))
                .child(field("pubsub#title", null, config.title()))
                .build();
    }

    private static XmlElement field(String var, String type, String value) {
        XmlElement.Builder b = XmlElement.builder(ConfigForm.DATA, "field").attribute("var", var)
                .attribute("type", type);
        if (value != null) {
            b.child(XmlElement.builder(ConfigForm.DATA, "value").text(value).build());
        }
        return b.build();
    }
}
