package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.Requests.PUBSUB;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;

/**
 * Reading an account's nodes (XEP-0060 §6.5): all items, the newest {@code max_items}, or items by id, for the owner
 * and for whoever the node's access model allows; anyone else gets the access model's error. PEP has no
 * subscriptions or other affiliations, so those lists are empty.
 *
 * <pre>
 * C: &lt;iq type='get' to='juliet@capulet.lit' id='i1'&gt;&lt;pubsub xmlns='http://jabber.org/protocol/pubsub'&gt;
 *      &lt;items node='urn:xmpp:avatar:metadata' max_items='1'/&gt;&lt;/pubsub&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='i1'&gt;&lt;pubsub …&gt;&lt;items node='urn:xmpp:avatar:metadata'&gt;&lt;item id='…'&gt;…
 * </pre>
 */
final class Retrieval {
    private final PepStore store;
    private final Access access;

    Retrieval(PepStore store, Access access) {
        this.store = store;
        this.access = access;
    }

    CompletionStage<Iq> get(IqRequest req) {
        XmlElement first = req.payload().firstElement();
        if (first == null) {
            throw PubsubException.badRequest(null, "empty pubsub request");
        }
        return switch (first.name()) {
            case "items" -> items(req, first);
            case "subscriptions", "affiliations" -> req.result(Requests.pubsub(PUBSUB,
                    XmlElement.builder(PUBSUB, first.name()).attribute("node", first.attribute("node")).build()));
            case "options", "default" -> throw PubsubException.unsupported("subscribe");
            default -> throw PubsubException.unsupported(first.name());
        };
    }

    private CompletionStage<Iq> items(IqRequest req, XmlElement items) {
        BareJid owner = req.target();
        String node = Requests.node(items);
        int max = maxItems(items.attribute("max_items"));
        List<String> ids = items.elements().stream().filter(e -> e.is(PUBSUB, "item"))
                .map(e -> e.attribute("id")).filter(id -> id != null).toList();
        return access.relation(owner, req.from()).thenCombine(store.node(owner, node), (relation, found) -> {
            PepNode n = found.orElseThrow(() -> PubsubException.itemNotFound("no node " + node));
            if (!relation.allows(n.config())) {
                throw relation.denied(n.config());
            }
            List<PepItem> selected = new ArrayList<>();
            if (ids.isEmpty()) {
                selected.addAll(n.newest(max));
            } else {
                ids.forEach(id -> n.item(id).ifPresent(selected::add));
            }
            XmlElement.Builder result = XmlElement.builder(PUBSUB, "items").attribute("node", node);
            selected.forEach(i -> result.child(i.toElement(PUBSUB, true)));
            return req.iq().result(Requests.pubsub(PUBSUB, result.build()));
        });
    }

    private static int maxItems(String value) {
        if (value == null) {
            return Integer.MAX_VALUE;
        }
        try {
            int n = Integer.parseInt(value.trim());
            if (n > 0) {
                return n;
            }
        } catch (NumberFormatException e) {
            // answered below
        }
        throw PubsubException.badRequest(null, "max_items: '" + value + "' (expected: a positive number)");
    }
}
