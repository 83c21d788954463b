package dev.xmppd.im.roster;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.session.SessionRegistry;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.IqType;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.StanzaException;
import dev.xmppd.core.storage.AccountStore;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.core.xml.XmlElement;
import java.util.Optional;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.function.Supplier;

/**
 * The rosters of one host: the {@link RosterService} for other modules, and the operations behind
 * {@code jabber:iq:roster} gets and sets. Every change is pushed to the account's interested resources (those that
 * asked for the roster, RFC 6121 §2.1.6) before its effects run.
 */
final class Rosters implements RosterService {
    private final RosterLanes lanes;
    private final SessionRegistry sessions;
    private final int maxItems;
    /** The sessions that asked for the roster, by JID (a session is interested if it is the one mapped). */
    private final ConcurrentHashMap<FullJid, Session> interested = new ConcurrentHashMap<>();
    private final AtomicLong pushIds = new AtomicLong();
    private final String pushPrefix = "push-" + Long.toHexString(System.nanoTime()) + "-";

    Rosters(KeyValueStore store, AccountStore accounts, SessionRegistry sessions, int maxItems) {
        this.lanes = new RosterLanes(store, accounts, sessions);
        this.sessions = requireNonNull(sessions, "sessions");
        if (maxItems < 1) {
            throw new IllegalArgumentException("maxItems: " + maxItems + " (expected: >= 1)");
        }
        this.maxItems = maxItems;
    }

    @Override
    public CompletionStage<Void> read(BareJid owner, Consumer<RosterView> action) {
        return lanes.run(owner, r -> r, c -> { }, action::accept).thenApply(r -> null);
    }

    @Override
    public CompletionStage<Boolean> deleteAccount(BareJid owner, Consumer<RosterView> before,
            Supplier<CompletionStage<Boolean>> delete) {
        return lanes.replace(owner, roster -> {
            before.accept(roster);
            return delete.get().thenApply(deleted ->
                    new RosterLanes.Outcome<>(deleted ? Roster.absent(owner) : roster, deleted));
        });
    }

    @Override
    public CompletionStage<Transition> outbound(BareJid owner, BareJid contact, Presence subscription,
            Consumer<Transition> effects) {
        PresenceType type = subscription.type();
        return lanes.run(owner, roster -> {
            Optional<RosterItem> existing = roster.item(contact);
            RosterItem item = existing.orElseGet(() -> RosterItem.of(contact));
            Transition t = item.state().outbound(type);
            // RFC 6121 §3.1.2: a request adds the contact to the roster; §3.4: so does a pre-approval; §3.1.5: and
            // approving a request from someone not on it.
            boolean list = item.listed() || type == PresenceType.SUBSCRIBE
                    || type == PresenceType.SUBSCRIBED && t.changed();
            if (list && !item.listed() && existing.isEmpty()) {
                checkRoom(roster);
            }
            RosterItem next = item.withState(t.after());
            roster.put(list ? next.asListed() : next);
            return t;
        }, c -> push(owner, c), effects);
    }

    @Override
    public CompletionStage<Transition> inbound(BareJid owner, BareJid contact, Presence subscription,
            Consumer<Transition> effects) {
        return lanes.run(owner, roster -> {
            if (!roster.accountExists()) {
                // RFC 6121 §8.5.1: no such user.
                throw new StanzaException(Condition.SERVICE_UNAVAILABLE);
            }
            Optional<RosterItem> existing = roster.item(contact);
            RosterItem item = existing.orElseGet(() -> RosterItem.of(contact));
            Transition t = item.state().inbound(subscription.type());
            RosterItem next = item.withState(t.after());
            if (subscription.type() == PresenceType.SUBSCRIBE && t.forward()) {
                if (existing.isEmpty()) {
                    checkRoom(roster);
                }
                next = next.withRequest(subscription.element()); // kept for redelivery (§3.1.3)
            }
            roster.put(next);
            return t;
        }, c -> push(owner, c), effects);
    }

    /**
     * The roster for a get (RFC 6121 §2.1.3): the query to return, or {@code null} if the client's version is
     * current (§2.6.3). Marks the requesting session interested in pushes.
     */
    CompletionStage<XmlElement> get(Session requester, BareJid owner, String clientVersion) {
        return lanes.run(owner, roster -> {
            if (requester != null) {
                interested.put(requester.jid(), requester);
            }
            if (clientVersion != null && clientVersion.equals(roster.version())) {
                return null;
            }
            XmlElement.Builder query = XmlElement.builder(RosterItem.NAMESPACE, "query")
                    .attribute("ver", roster.version());
            roster.items().forEach(i -> query.child(i.toElement()));
            return query.build();
        }, c -> { }, q -> { });
    }

    /**
     * Adds, updates or removes an item (RFC 6121 §2.3-§2.5). Completes with the item before the change (empty if
     * new); {@code effects} gets it too, after the push.
     */
    CompletionStage<Optional<RosterItem>> set(BareJid owner, RosterSet set, Consumer<Optional<RosterItem>> effects) {
        return lanes.run(owner, roster -> {
            Optional<RosterItem> existing = roster.item(set.jid());
            if (set.remove()) {
                if (existing.isEmpty() || !existing.get().listed()) {
                    // RFC 6121 §2.5.3
                    throw new StanzaException(Condition.ITEM_NOT_FOUND, "jid: " + set.jid() + " is not in the roster");
                }
                roster.remove(set.jid());
            } else {
                if (existing.isEmpty()) {
                    checkRoom(roster);
                }
                roster.put(existing.orElseGet(() -> RosterItem.of(set.jid())).asListed(set.name(), set.groups()));
            }
            return existing;
        }, c -> push(owner, c), effects);
    }

    /** A session ended: no more pushes to it, and its account's roster may leave memory. */
    void sessionClosed(Session session) {
        interested.remove(session.jid(), session);
        lanes.evictIfIdle(session.jid().bare());
    }

    /** A new session for a JID: a session it replaced is no longer interested. */
    void sessionBound(Session session) {
        Session previous = interested.get(session.jid());
        if (previous != null && previous != session) {
            interested.remove(session.jid(), previous);
        }
    }

    boolean isLoaded(BareJid owner) {
        return lanes.isLoaded(owner);
    }

    private void checkRoom(Roster roster) {
        if (roster.size() >= maxItems) {
            throw new StanzaException(Condition.NOT_ALLOWED, "roster size: " + roster.size()
                    + " items (expected: < " + maxItems + ")");
        }
    }

    /** RFC 6121 §2.1.6: one push per changed item to every interested resource. */
    private void push(BareJid owner, Roster.Commit commit) {
        if (commit.pushes().isEmpty()) {
            return;
        }
        for (Session s : sessions.sessions(owner)) {
            if (interested.get(s.jid()) != s) {
                continue;
            }
            for (XmlElement item : commit.pushes()) {
                XmlElement query = XmlElement.builder(RosterItem.NAMESPACE, "query")
                        .attribute("ver", Long.toString(commit.version())).child(item).build();
                s.deliver(Iq.request(IqType.SET, pushPrefix + pushIds.incrementAndGet(), owner, s.jid(), query));
            }
        }
    }
}
