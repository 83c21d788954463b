package dev.xmppd.im.blocking;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.im.roster.RosterService;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * The presence XEP-0191 §3.3 and §3.4 send when a contact is blocked or unblocked: unavailable presence from each
 * available resource on block, the current presence on unblock — only to contacts allowed to see the user's presence
 * (RFC 6121 §4: a subscription {@code from} the user). With the {@code roster} module the roster says who is; without
 * it, unavailable presence goes to every blocked account address (it tells nothing but "gone") and unblocking sends
 * nothing, since current presence must not reach someone who never subscribed.
 */
final class BlockPresence {
    private final ModuleContext ctx;
    private final Supplier<RosterService> rosters;

    /** @param rosters the roster service, or {@code null} when the {@code roster} module is not enabled */
    BlockPresence(ModuleContext ctx, Supplier<RosterService> rosters) {
        this.ctx = ctx;
        this.rosters = rosters;
    }

    /** Sends unavailable presence to the newly blocked contacts that may see it; completes once sent. */
    CompletionStage<Void> blocked(BareJid account, Collection<Jid> added) {
        return allowed(account, added, false).thenAccept(contacts -> {
            for (Session s : ctx.sessions().sessions(account)) {
                if (s.isAvailable()) {
                    contacts.forEach(c -> ctx.send(unavailable(s, c)));
                }
            }
        });
    }

    /** Sends the current presence of each available resource to the unblocked contacts that may see it. */
    void unblocked(BareJid account, Collection<Jid> removed) {
        allowed(account, removed, true).thenAccept(contacts -> {
            for (Session s : ctx.sessions().sessions(account)) {
                Presence current = s.presence();
                if (current != null) {
                    contacts.forEach(c -> ctx.send(current.withAddresses(s.jid(), c)));
                }
            }
        });
    }

    /** The account addresses among {@code jids} that may see the account's presence. */
    private CompletionStage<List<Jid>> allowed(BareJid account, Collection<Jid> jids, boolean needRoster) {
        List<Jid> candidates = new ArrayList<>();
        for (Jid j : jids) {
            if (j.local() != null && !j.bare().equals(account)) {
                candidates.add(j); // a blocked domain is not a contact
            }
        }
        if (candidates.isEmpty() || rosters == null) {
            return CompletableFuture.completedFuture(rosters == null && needRoster ? List.of() : candidates);
        }
        List<Jid> subscribers = new ArrayList<>();
        return rosters.get().read(account, view -> candidates.forEach(c -> {
            if (view.item(c.bare()).map(i -> i.subscription().from()).orElse(false)) {
                subscribers.add(c);
            }
        })).thenApply(v -> subscribers);
    }

    private static Presence unavailable(Session from, Jid to) {
        XmlElement p = XmlElement.builder(Namespaces.CLIENT, "presence").attribute("type", "unavailable")
                .attribute("from", from.jid().toString()).attribute("to", to.toString()).build();
        return new Presence(p, to, from.jid(), PresenceType.UNAVAILABLE);
    }
}
