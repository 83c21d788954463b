package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.MessageType;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends event notifications (XEP-0060 §7.1.2, XEP-0163 §4.3): a {@code headline} message from the account's bare
 * JID to each resource that wants the node ({@link Interests}) and whose relation to the owner the node's access
 * model allows. Remote resources get it through the router like any stanza.
 *
 * <pre>
 * S: &lt;message from='juliet@capulet.lit' to='romeo@montague.lit/orchard' type='headline' id='…'&gt;
 *      &lt;event xmlns='http://jabber.org/protocol/pubsub#event'&gt;&lt;items node='http://jabber.org/protocol/tune'&gt;
 *        &lt;item id='bffe6584…'&gt;&lt;tune xmlns='http://jabber.org/protocol/tune'&gt;…&lt;/tune&gt;&lt;/item&gt;
 *      &lt;/items&gt;&lt;/event&gt;&lt;/message&gt;
 * </pre>
 */
final class Notifier {
    static final String EVENT = "http://jabber.org/protocol/pubsub#event";
    private static final Logger log = LoggerFactory.getLogger(Notifier.class);

    private final ModuleContext ctx;
    private final Interests interests;
    private final Access access;

    Notifier(ModuleContext ctx, Interests interests, Access access) {
        this.ctx = requireNonNull(ctx, "ctx");
        this.interests = requireNonNull(interests, "interests");
        this.access = requireNonNull(access, "access");
    }

    /** {@code <items node='…'>children</items>}: published items, or retractions. */
    static XmlElement items(String node, List<XmlElement> children) {
        return XmlElement.builder(EVENT, "items").attribute("node", node).children(children).build();
    }

    /**
     * Sends an event about a node (the child of {@code <event/>}) to every interested resource allowed to see it.
     * The stage completes once they are sent, never exceptionally (a failure is logged).
     */
    CompletionStage<Void> broadcast(BareJid owner, String node, NodeConfig config, XmlElement event) {
        Map<Jid, Interests.Interest> all = interests.of(owner);
        Set<BareJid> entities = new HashSet<>();
        all.forEach((jid, interest) -> {
            if (interest.wants(node)) {
                entities.add(jid.bare());
            }
        });
        if (entities.isEmpty()) {
            return CompletableFuture.completedFuture(null);
        }
        return access.relations(owner, entities).thenAccept(relations -> all.forEach((jid, interest) -> {
            Access.Relation r = relations.get(jid.bare());
            if (interest.wants(node) && r != null && r.notified(config)) {
                send(owner, jid, event);
            }
        })).exceptionally(failure -> {
            log.warn("pep: notifications of {} node {} not sent: {}", owner, node, failure.toString());
            return null;
        });
    }

    /** The last published item of a node to one resource (XEP-0163 §4.3.4), if the node has one. */
    void last(BareJid owner, Jid to, PepNode node) {
        node.last().ifPresent(item -> send(owner, to,
                items(node.name(), List.of(item.toElement(EVENT, node.config().deliverPayloads())))));
    }

    void send(BareJid owner, Jid to, XmlElement event) {
        XmlElement message = XmlElement.builder(Namespaces.CLIENT, "message").attribute("from", owner.toString())
                .attribute("to", to.toString()).attribute("type", "headline")
                .attribute("id", UUID.randomUUID().toString())
                .child(XmlElement.builder(EVENT, "event").child(event).build()).build();
        ctx.send(new Message(message, to, owner, MessageType.HEADLINE));
    }
}
