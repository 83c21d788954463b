package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.Requests.PUBSUB;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The owner's writes (XEP-0060 §7, XEP-0163 §3): publish, with auto-create and publish-options (XEP-0223), retract
 * and create. Every change goes through the account's lane in {@link PepStore}; notifications leave once the change
 * is stored.
 *
 * <pre>
 * C: &lt;iq type='set' id='p1'&gt;&lt;pubsub xmlns='http://jabber.org/protocol/pubsub'&gt;
 *      &lt;publish node='urn:xmpp:bookmarks:1'&gt;&lt;item id='room@muc.example'&gt;&lt;conference …/&gt;&lt;/item&gt;&lt;/publish&gt;
 *      &lt;publish-options&gt;&lt;x xmlns='jabber:x:data' type='submit'&gt;…&lt;/x&gt;&lt;/publish-options&gt;&lt;/pubsub&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='p1'&gt;&lt;pubsub xmlns='http://jabber.org/protocol/pubsub'&gt;
 *      &lt;publish node='urn:xmpp:bookmarks:1'&gt;&lt;item id='room@muc.example'/&gt;&lt;/publish&gt;&lt;/pubsub&gt;&lt;/iq&gt;
 * </pre>
 */
final class Publishing {
    /** The largest payload of one item, serialized: an avatar's data fits, below the 256 KiB c2s stanza limit. */
    static final int MAX_ITEM_BYTES = 192 * 1024;
    /** The most payload bytes one node keeps. */
    static final long MAX_NODE_BYTES = 2L * 1024 * 1024;
    /** The longest item id: a bare JID can be this long (bookmark ids are room JIDs, XEP-0402). */
    static final int MAX_ITEM_ID_LENGTH = 3071;

    /**
     * Told after an item was published, stored and notified (for XEP-0398's avatar conversion); the publisher's
     * result waits for the stage, which must not fail, so that what the client does next sees the conversion.
     */
    @FunctionalInterface
    interface Listener {
        CompletionStage<Void> published(BareJid owner, String node, PepItem item);
    }

    private final PepStore store;
    private final Notifier notifier;
    private final Listener listener;

    Publishing(PepStore store, Notifier notifier, Listener listener) {
        this.store = store;
        this.notifier = notifier;
        this.listener = listener;
    }

    /** Answers a pubsub set: publish, retract or create; subscriptions are not offered (PEP uses +notify). */
    CompletionStage<Iq> set(IqRequest req) {
        XmlElement pubsub = req.payload();
        XmlElement first = pubsub.firstElement();
        if (first == null) {
            throw PubsubException.badRequest(null, "empty pubsub request");
        }
        return switch (first.name()) {
            case "publish" -> publish(req, first, pubsub.element(PUBSUB, "publish-options"));
            case "retract" -> retract(req, first);
            case "create" -> create(req, first, pubsub.element(PUBSUB, "configure"));
            case "subscribe", "unsubscribe", "options" -> throw PubsubException.unsupported("subscribe");
            default -> throw PubsubException.unsupported(first.name());
        };
    }

    private CompletionStage<Iq> publish(IqRequest req, XmlElement publish, XmlElement publishOptions) {
        BareJid owner = Requests.owner(req);
        String node = Requests.node(publish);
        PepItem item = item(publish);
        Map<String, List<String>> options = publishOptions == null || publishOptions.firstElement() == null ? null
                : ConfigForm.fields(publishOptions.firstElement(), ConfigForm.PUBLISH_OPTIONS);
        return store.update(owner, node, old -> {
            PepNode current = old.orElseGet(() -> PepNode.create(node, newNodeConfig(options)));
            if (old.isPresent() && options != null) {
                ConfigForm.checkPreconditions(current.config(), options);
            }
            PepNode next = current.publish(item);
            if (next.bytes() > MAX_NODE_BYTES) {
                throw PubsubException.notAcceptable("payload-too-big", "node " + node + " would hold more than "
                        + MAX_NODE_BYTES + " bytes");
            }
            return new PepStore.Change<>(next, next);
        }, stored -> notifier.broadcast(owner, node, stored.config(), Notifier.items(node,
                List.of(item.toElement(Notifier.EVENT, stored.config().deliverPayloads()))))
                .thenCompose(v -> listener.published(owner, node, item))
                .thenApply(v -> req.iq().result(Requests.pubsub(PUBSUB, XmlElement.builder(PUBSUB, "publish")
                        .attribute("node", node).child(item.toElement(PUBSUB, false)).build()))));
    }

    /** XEP-0060 §7.1.5.2: publish-options configure a node the publish creates. */
    private static NodeConfig newNodeConfig(Map<String, List<String>> options) {
        if (options == null) {
            return NodeConfig.DEFAULT;
        }
        try {
            return ConfigForm.apply(NodeConfig.DEFAULT, options, false);
        } catch (PubsubException e) {
            throw PubsubException.preconditionNotMet(e.error().text());
        }
    }

    /** The single item of a publish, its id generated if absent (XEP-0060 §7.1.1). */
    private static PepItem item(XmlElement publish) {
        List<XmlElement> items = publish.elements().stream().filter(e -> e.is(PUBSUB, "item")).toList();
        if (items.isEmpty()) {
            throw PubsubException.badRequest("item-required", null);
        }
        if (items.size() > 1) {
            throw PubsubException.badRequest("invalid-payload", "one item per publish");
        }
        XmlElement item = items.get(0);
        List<XmlElement> payload = item.elements();
        if (payload.isEmpty()) {
            throw PubsubException.badRequest("payload-required", null);
        }
        if (payload.size() > 1) {
            throw PubsubException.badRequest("invalid-payload", "one payload element per item");
        }
        String id = item.attribute("id");
        if (id == null || id.isEmpty()) {
            id = UUID.randomUUID().toString();
        } else if (id.length() > MAX_ITEM_ID_LENGTH) {
            throw PubsubException.badRequest(null, "item id longer than " + MAX_ITEM_ID_LENGTH + " characters");
        }
        PepItem result = new PepItem(id, payload.get(0));
        if (result.bytes() > MAX_ITEM_BYTES) {
            throw PubsubException.notAcceptable("payload-too-big", "an item holds at most " + MAX_ITEM_BYTES
                    + " bytes");
        }
        return result;
    }

    /** XEP-0060 §7.2: removes an item; subscribers hear of it if the node or the request says notify. */
    private CompletionStage<Iq> retract(IqRequest req, XmlElement retract) {
        BareJid owner = Requests.owner(req);
        String node = Requests.node(retract);
        XmlElement item = retract.element(PUBSUB, "item");
        String id = item == null ? null : item.attribute("id");
        if (id == null || id.isEmpty()) {
            throw PubsubException.badRequest("item-required", null);
        }
        boolean notify = "true".equals(retract.attribute("notify")) || "1".equals(retract.attribute("notify"));
        return store.update(owner, node, old -> {
            PepNode current = old.orElseThrow(() -> PubsubException.itemNotFound("no node " + node));
            PepNode next = current.retract(id).orElseThrow(() -> PubsubException.itemNotFound("no item " + id));
            return new PepStore.Change<>(next, next);
        }, next -> (notify || next.config().notifyRetract()
                ? notifier.broadcast(owner, node, next.config(), Notifier.items(node, List.of(
                        XmlElement.builder(Notifier.EVENT, "retract").attribute("id", id).build())))
                : CompletableFuture.<Void>completedFuture(null)).thenApply(v -> req.iq().result()));
    }

    /** XEP-0060 §8.1: creates a node, configured by an optional form; an existing node is a conflict. */
    private CompletionStage<Iq> create(IqRequest req, XmlElement create, XmlElement configure) {
        BareJid owner = Requests.owner(req);
        String node = Requests.node(create);
        NodeConfig config = configure == null || configure.firstElement() == null ? NodeConfig.DEFAULT
                : ConfigForm.apply(NodeConfig.DEFAULT,
                        ConfigForm.fields(configure.firstElement(), ConfigForm.NODE_CONFIG), true);
        return store.update(owner, node, (Optional<PepNode> old) -> {
            if (old.isPresent()) {
                throw PubsubException.of(Condition.CONFLICT, null, "node " + node + " exists");
            }
            return new PepStore.Change<>(PepNode.create(node, config), req.iq().result());
        });
    }
}
