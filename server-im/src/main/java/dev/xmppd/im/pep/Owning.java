package dev.xmppd.im.pep;

import static dev.xmppd.im.pep.Requests.OWNER;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The owner's node management (XEP-0060 §8, namespace {@code pubsub#owner}): configuration form get and submit, the
 * default configuration, delete and purge. Deleting or purging tells the interested resources when the node says so
 * ({@code notify_delete}, {@code notify_retract}).
 *
 * <pre>
 * C: &lt;iq type='set' id='c1'&gt;&lt;pubsub xmlns='http://jabber.org/protocol/pubsub#owner'&gt;
 *      &lt;configure node='urn:xmpp:omemo:2:devices'&gt;&lt;x xmlns='jabber:x:data' type='submit'&gt;…
 *        &lt;field var='pubsub#access_model'&gt;&lt;value&gt;open&lt;/value&gt;&lt;/field&gt;&lt;/x&gt;&lt;/configure&gt;&lt;/pubsub&gt;&lt;/iq&gt;
 * S: &lt;iq type='result' id='c1'/&gt;
 * </pre>
 */
final class Owning {
    private final PepStore store;
    private final Notifier notifier;

    Owning(PepStore store, Notifier notifier) {
        this.store = store;
        this.notifier = notifier;
    }

    CompletionStage<Iq> get(IqRequest req) {
        BareJid owner = Requests.owner(req);
        XmlElement first = firstChild(req);
        return switch (first.name()) {
            case "configure" -> {
                String node = Requests.node(first);
                yield store.node(owner, node).thenApply(found -> {
                    PepNode n = found.orElseThrow(() -> PubsubException.itemNotFound("no node " + node));
                    return req.iq().result(Requests.pubsub(OWNER, XmlElement.builder(OWNER, "configure")
                            .attribute("node", node).child(ConfigForm.form(n.config())).build()));
                });
            }
            case "default" -> req.result(Requests.pubsub(OWNER,
                    XmlElement.builder(OWNER, "default").child(ConfigForm.form(NodeConfig.DEFAULT)).build()));
            default -> throw PubsubException.unsupported(first.name());
        };
    }

    CompletionStage<Iq> set(IqRequest req) {
        BareJid owner = Requests.owner(req);
        XmlElement first = firstChild(req);
        String node = Requests.node(first);
        return switch (first.name()) {
            case "configure" -> configure(req, owner, node, first.firstElement());
            case "delete" -> store.update(owner, node, old -> new PepStore.Change<>(null, old.orElseThrow(
                    () -> PubsubException.itemNotFound("no node " + node))),
                    deleted -> notify(req, owner, deleted, deleted.config().notifyDelete(), "delete"));
            case "purge" -> store.update(owner, node, old -> {
                PepNode purged = old.orElseThrow(() -> PubsubException.itemNotFound("no node " + node)).purge();
                return new PepStore.Change<>(purged, purged);
            }, purged -> notify(req, owner, purged, purged.config().notifyRetract(), "purge"));
            default -> throw PubsubException.unsupported(first.name());
        };
    }

    /** XEP-0060 §8.2.5: a submitted form changes the node (items beyond a lower max_items go); cancel changes none. */
    private CompletionStage<Iq> configure(IqRequest req, BareJid owner, String node, XmlElement form) {
        boolean cancel = form != null && "cancel".equals(form.attribute("type"));
        var fields = form == null || cancel ? null : ConfigForm.fields(form, ConfigForm.NODE_CONFIG);
        if (form == null) {
            throw PubsubException.badRequest(null, "configure without a form");
        }
        return store.update(owner, node, old -> {
            PepNode n = old.orElseThrow(() -> PubsubException.itemNotFound("no node " + node));
            return new PepStore.Change<>(cancel ? n : n.withConfig(ConfigForm.apply(n.config(), fields, true)),
                    req.iq().result());
        });
    }

    /** XEP-0060 §8.4.2, §8.5.2: {@code <delete/>} or {@code <purge/>} to the interested resources, if wanted. */
    private CompletionStage<Iq> notify(IqRequest req, BareJid owner, PepNode node, boolean wanted, String event) {
        CompletionStage<Void> sent = !wanted ? CompletableFuture.completedFuture(null)
                : notifier.broadcast(owner, node.name(), node.config(),
                        XmlElement.builder(Notifier.EVENT, event).attribute("node", node.name()).build());
        return sent.thenApply(v -> req.iq().result());
    }

    private static XmlElement firstChild(IqRequest req) {
        XmlElement first = req.payload().firstElement();
        if (first == null) {
            throw PubsubException.badRequest(null, "empty pubsub#owner request");
        }
        return first;
    }
}
