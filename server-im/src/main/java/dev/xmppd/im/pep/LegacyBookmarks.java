package dev.xmppd.im.pep;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.privatexml.PrivateXmlService;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * One list of bookmarks for clients of XEP-0402 (PEP native bookmarks, the {@code urn:xmpp:bookmarks:1} node) and
 * of XEP-0048 over private XML storage ({@code <storage xmlns='storage:bookmarks'/>}), as XEP-0402 §5 asks of a
 * server that announces {@value #COMPAT}. The node is the list: a private XML read of {@code storage:bookmarks}
 * returns its items as conferences (the item id as {@code jid}), with the other things the client last wrote there
 * (XEP-0048 URLs, which XEP-0402 has no place for); a private XML write replaces the node's items, publishing new and
 * changed rooms and retracting removed ones, notified as a client's publish would be, and leaving unchanged rooms
 * alone and unnotified (§5.3.2). A room's {@code <extensions/>} outlive a write by a client that does not know them.
 *
 * <pre>
 * C: &lt;iq type='set' id='b1'&gt;&lt;query xmlns='jabber:iq:private'&gt;&lt;storage xmlns='storage:bookmarks'&gt;
 *      &lt;conference jid='orchard@conference.shakespeare.lit' autojoin='true' name='The Orchard'&gt;
 *        &lt;nick&gt;JC&lt;/nick&gt;&lt;/conference&gt;&lt;/storage&gt;&lt;/query&gt;&lt;/iq&gt;
 * S: (to each resource with urn:xmpp:bookmarks:1+notify) &lt;message from='juliet@capulet.lit' type='headline'&gt;
 *      &lt;event …&gt;&lt;items node='urn:xmpp:bookmarks:1'&gt;&lt;item id='orchard@conference.shakespeare.lit'&gt;
 *        &lt;conference xmlns='urn:xmpp:bookmarks:1' name='The Orchard' autojoin='true'&gt;
 *          &lt;nick&gt;JC&lt;/nick&gt;…
 * </pre>
 */
final class LegacyBookmarks implements PrivateXmlService.Handler {
    static final String LEGACY = "storage:bookmarks";
    static final String NODE = "urn:xmpp:bookmarks:1";
    static final String COMPAT = NODE + "#compat";
    /** XEP-0402 §3: the configuration clients ask for with publish-options; a node made here gets it too. */
    static final NodeConfig CONFIG = NodeConfig.DEFAULT.withAccess(AccessModel.WHITELIST)
            .withMaxItems(NodeConfig.MAX_ITEMS).withSendLast(SendLastItem.NEVER);

    /** What a write changed: the node's configuration and one event per changed room. */
    private record Changes(NodeConfig config, List<XmlElement> events) {
    }

    private final PepStore store;
    private final Notifier notifier;

    LegacyBookmarks(PepStore store, Notifier notifier) {
        this.store = store;
        this.notifier = notifier;
    }

    @Override
    public CompletionStage<XmlElement> read(BareJid owner, XmlElement stored) {
        return store.node(owner, NODE).thenApply(node -> {
            if (node.isEmpty()) {
                // Nothing in PEP yet: what the client wrote before (or an empty list).
                return stored != null ? stored : XmlElement.empty(LEGACY, "storage");
            }
            XmlElement.Builder storage = XmlElement.builder(LEGACY, "storage");
            node.get().items().forEach(item -> storage.child(legacy(item)));
            if (stored != null) {
                stored.elements().stream().filter(e -> !e.is(LEGACY, "conference")).forEach(storage::child);
            }
            return storage.build();
        });
    }

    @Override
    public CompletionStage<Void> written(BareJid owner, XmlElement storage) {
        Map<String, XmlElement> wanted = new LinkedHashMap<>();
        for (XmlElement c : storage.elements()) {
            String jid = c.is(LEGACY, "conference") ? roomJid(c.attribute("jid")) : null;
            if (jid != null) {
                wanted.putIfAbsent(jid, c);
            }
        }
        List<XmlElement> events = new ArrayList<>();
        return store.update(owner, NODE, old -> {
            if (old.isEmpty() && wanted.isEmpty()) {
                return new PepStore.Change<>(null, new Changes(CONFIG, events));
            }
            PepNode current = old.orElseGet(() -> PepNode.create(NODE, CONFIG));
            if (wanted.size() > current.config().keptItems()) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "the bookmarks node keeps at most "
                        + current.config().keptItems() + " rooms");
            }
            PepNode next = current;
            for (PepItem item : current.items()) {
                if (!wanted.containsKey(item.id())) {
                    next = next.retract(item.id()).orElse(next);
                    events.add(XmlElement.builder(Notifier.EVENT, "retract").attribute("id", item.id()).build());
                }
            }
            for (Map.Entry<String, XmlElement> e : wanted.entrySet()) {
                Optional<PepItem> before = current.item(e.getKey());
                PepItem item = new PepItem(e.getKey(), native0402(e.getValue(), before.map(PepItem::payload)));
                if (before.isEmpty() || !before.get().payload().equals(item.payload())) {
                    next = next.publish(item);
                    events.add(item.toElement(Notifier.EVENT, next.config().deliverPayloads()));
                }
            }
            if (next.bytes() > Publishing.MAX_NODE_BYTES) {
                throw new StanzaException(Condition.NOT_ACCEPTABLE, "the bookmarks would take more than "
                        + Publishing.MAX_NODE_BYTES + " bytes");
            }
            return new PepStore.Change<>(events.isEmpty() ? current : next, new Changes(next.config(), events));
        }, changes -> notifyAll(owner, changes));
    }

    /** One notification per changed room, in order, as separate publishes and retractions would have sent. */
    private CompletionStage<Void> notifyAll(BareJid owner, Changes changes) {
        CompletionStage<Void> chain = CompletableFuture.completedFuture(null);
        for (XmlElement event : changes.events()) {
            chain = chain.thenCompose(v -> notifier.broadcast(owner, NODE, changes.config(),
                    Notifier.items(NODE, List.of(event))));
        }
        return chain;
    }

    /** A room's bare JID, or null if it is none (such an entry stays in private storage alone). */
    private static String roomJid(String jid) {
        if (jid == null || jid.isEmpty() || jid.length() > Publishing.MAX_ITEM_ID_LENGTH) {
            return null;
        }
        try {
            BareJid room = BareJid.parse(jid);
            return room.local() == null ? null : room.toString();
        } catch (IllegalArgumentException e) {
            return null;
        }
    }

    /** XEP-0048 {@code <conference/>} to XEP-0402's, keeping the extensions of the room's previous item. */
    static XmlElement native0402(XmlElement legacy, Optional<XmlElement> before) {
        XmlElement.Builder b = XmlElement.builder(NODE, "conference").attribute("name", legacy.attribute("name"));
        if (isTrue(legacy.attribute("autojoin"))) {
            b.attribute("autojoin", "true");
        }
        text(b, NODE, "nick", legacy.childText(LEGACY, "nick"));
        text(b, NODE, "password", legacy.childText(LEGACY, "password"));
        before.map(p -> p.element(NODE, "extensions")).ifPresent(b::child);
        return b.build();
    }

    /** An item of the node as XEP-0048's {@code <conference/>}. */
    static XmlElement legacy(PepItem item) {
        XmlElement conference = item.payload();
        XmlElement.Builder b = XmlElement.builder(LEGACY, "conference").attribute("jid", item.id())
                .attribute("name", conference.attribute("name"));
        if (isTrue(conference.attribute("autojoin"))) {
            b.attribute("autojoin", "true");
        }
        text(b, LEGACY, "nick", conference.childText(NODE, "nick"));
        text(b, LEGACY, "password", conference.childText(NODE, "password"));
        return b.build();
    }

    private static void text(XmlElement.Builder b, String namespace, String name, String value) {
        if (value != null && !value.isEmpty()) {
            b.child(XmlElement.builder(namespace, name).text(value).build());
        }
    }

    private static boolean isTrue(String value) {
        return "true".equals(value) || "1".equals(value);
    }
}
