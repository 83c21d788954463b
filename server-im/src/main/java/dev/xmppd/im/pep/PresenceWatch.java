package dev.xmppd.im.pep;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.Verdict;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.XmlElement;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Keeps {@link Interests} up to date from presence (XEP-0163 §4.3): the owner's own resources (their broadcast
 * presence) and the resources of contacts on the owner's roster whose presence the owner receives or who receive
 * the owner's (so that a room's occupants or a stranger's directed presence are not recorded). A contact's caps are
 * kept from the moment its presence arrives, although it gets notifications only once subscribed to the owner's
 * presence: in the usual mutual subscription the contact's presence reaches the owner when the contact approves the
 * owner's request, before the owner approves the contact's (RFC 6121 §3.1.5), and no presence follows the owner's
 * approval. When a resource's caps show a new {@code +notify}, or when the owner approves a contact's subscription,
 * the resource gets the last published item of each node it wants, if the node sends it and lets it see it
 * (XEP-0163 §4.3.4, XEP-0060 §12.20), also while the owner is offline.
 */
final class PresenceWatch {
    private static final Logger log = LoggerFactory.getLogger(PresenceWatch.class);

    private final String host;
    private final Interests interests;
    private final CapsResolver caps;
    private final Access access;
    private final PepStore store;
    private final Notifier notifier;

    PresenceWatch(String host, Interests interests, CapsResolver caps, Access access, PepStore store,
            Notifier notifier) {
        this.host = requireNonNull(host, "host");
        this.interests = interests;
        this.caps = caps;
        this.access = access;
        this.store = store;
        this.notifier = notifier;
    }

    /** FILTER handler for presence to a local account: records contacts' resources; never stops the presence. */
    Verdict inbound(Presence p) {
        Jid to = p.to();
        if (to == null || to.local() == null || !to.domain().equals(host) || !(p.from() instanceof FullJid from)
                || from.bare().equals(to.bare())) {
            return Verdict.CONTINUE;
        }
        BareJid owner = to.bare();
        if (p.type() == PresenceType.UNAVAILABLE) {
            interests.unavailable(owner, from);
        } else if (p.type() == PresenceType.AVAILABLE) {
            access.relation(owner, from).thenAccept(r -> {
                if (r.subscribed() || r.contact()) {
                    available(owner, from, p.element());
                }
            }).exceptionally(failure -> logged(owner, from, failure));
        }
        return Verdict.CONTINUE;
    }

    /**
     * PRE_ROUTE handler: the owner approved a contact's subscription (the {@code subscribed} the presence module
     * routes from the owner's bare JID once the roster says so). The contact's resources whose caps are known get
     * the last items they want, as a new subscriber does (XEP-0060 §12.20); never stops the presence.
     */
    Verdict approved(Presence p) {
        if (p.type() != PresenceType.SUBSCRIBED || !(p.from() instanceof BareJid owner) || owner.local() == null
                || !owner.domain().equals(host) || p.to() == null) {
            return Verdict.CONTINUE;
        }
        BareJid contact = p.to().bare();
        interests.of(owner).forEach((resource, interest) -> {
            if (resource.bare().equals(contact) && interest.nodes() != null && !interest.nodes().isEmpty()) {
                sendLast(owner, resource, interest.nodes());
            }
        });
        return Verdict.CONTINUE;
    }

    /** The owner's own resource changed its broadcast presence (null: unavailable). */
    void own(FullJid resource, Presence current) {
        if (!resource.domain().equals(host)) {
            return;
        }
        if (current == null) {
            interests.unavailable(resource.bare(), resource);
        } else {
            available(resource.bare(), resource, current.element());
        }
    }

    private void available(BareJid owner, Jid resource, XmlElement presence) {
        String ver = CapsResolver.ver(presence);
        if (!interests.available(owner, resource, ver)) {
            return;
        }
        caps.features(resource, presence).thenAccept(answer -> {
            if (answer.isEmpty()) {
                return; // unknown: the entry keeps its nodes and is resolved again on the next presence
            }
            Set<String> added = interests.resolved(owner, resource, ver, Interests.notifyNodes(answer.get()));
            if (added != null && !added.isEmpty()) {
                sendLast(owner, resource, added);
            }
        }).exceptionally(failure -> logged(owner, resource, failure));
    }

    /** Read in the account's lane, so that the last item leaves before the notifications of later changes. */
    private void sendLast(BareJid owner, Jid resource, Set<String> nodes) {
        access.relation(owner, resource).thenAccept(relation -> {
            for (String name : nodes) {
                store.update(owner, name, old -> new PepStore.Change<>(old.orElse(null), old), found -> {
                    found.ifPresent(node -> {
                        if (node.config().sendLast() != SendLastItem.NEVER && relation.notified(node.config())) {
                            notifier.last(owner, resource, node);
                        }
                    });
                    return CompletableFuture.completedFuture(null);
                }).exceptionally(failure -> logged(owner, resource, failure));
            }
        }).exceptionally(failure -> logged(owner, resource, failure));
    }

    private static Void logged(BareJid owner, Jid resource, Throwable failure) {
        log.warn("pep: last published items of {} for {} not sent: {}", owner, resource, failure.toString());
        return null;
    }
}
