package dev.xmppd.im.pep;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.module.IqHandler;
import dev.xmppd.core.module.IqRequest;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;

/** What every pubsub request handler checks the same way: the owner, node names, and errors as replies. */
final class Requests {
    static final String PUBSUB = "http://jabber.org/protocol/pubsub";
    static final String OWNER = "http://jabber.org/protocol/pubsub#owner";

    private Requests() {
    }

    /**
     * The account, when the requester is its owner.
     *
     * @throws PubsubException forbidden otherwise (XEP-0060 §7.1.3.1, §8: only the owner publishes and configures)
     */
    static BareJid owner(IqRequest req) {
        if (!req.isSelf()) {
            throw PubsubException.of(Condition.FORBIDDEN, null, "only " + req.target() + " manages its PEP nodes");
        }
        return req.target();
    }

    /**
     * The {@code node} attribute of a request element.
     *
     * @throws PubsubException bad-request with nodeid-required if absent (PEP has no instant nodes), not-acceptable
     *         if it is too long to store
     */
    static String node(XmlElement element) {
        String node = element.attribute("node");
        if (node == null || node.isEmpty()) {
            throw PubsubException.badRequest("nodeid-required", null);
        }
        if (node.length() > KeyValueStore.MAX_KEY_LENGTH) {
            throw PubsubException.notAcceptable(null, "node name longer than " + KeyValueStore.MAX_KEY_LENGTH
                    + " characters");
        }
        return node;
    }

    /** A handler whose {@link PubsubException}s, thrown or failing its stage, become their error replies. */
    static IqHandler guarded(IqHandler handler) {
        return req -> {
            CompletionStage<Iq> stage;
            try {
                stage = handler.handle(req);
            } catch (PubsubException e) {
                return CompletableFuture.completedFuture(e.reply(req.iq()));
            }
            return stage.exceptionally(failure -> {
                Throwable cause = failure instanceof CompletionException && failure.getCause() != null
                        ? failure.getCause() : failure;
                if (cause instanceof PubsubException e) {
                    return e.reply(req.iq());
                }
                throw failure instanceof CompletionException c ? c : new CompletionException(failure);
            });
        };
    }

    /** {@code <pubsub xmlns=ns>child</pubsub>}. */
    static XmlElement pubsub(String ns, XmlElement child) {
        return XmlElement.builder(ns, "pubsub").child(child).build();
    }
}
