package dev.xmppd.im.roster;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.JidFormatException;
import dev.xmppd.core.xml.XmlElement;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One account's roster as loaded from the store, changed only inside its account's lane (see {@link Rosters}), so
 * it needs no locks. Records what changed since the last {@link #drain()}: the writes to store and the pushes to
 * send.
 */
final class Roster implements RosterView {
    private static final Logger log = LoggerFactory.getLogger(Roster.class);
    /** The key of the version record; never a JID. */
    static final String VERSION_KEY = "";

    private final BareJid owner;
    private final boolean exists;
    private final Map<BareJid, RosterItem> items = new LinkedHashMap<>();
    private final Map<BareJid, RosterItem> dirty = new LinkedHashMap<>();
    private final List<XmlElement> pushes = new ArrayList<>();
    private long version;
    private boolean versionChanged;

    private Roster(BareJid owner, boolean exists) {
        this.owner = owner;
        this.exists = exists;
    }

    /** The roster of an account that does not exist. */
    static Roster absent(BareJid owner) {
        return new Roster(owner, false);
    }

    /** Reads every stored key of an account; unreadable entries are logged and skipped. */
    static Roster load(BareJid owner, Map<String, XmlElement> stored) {
        Roster r = new Roster(owner, true);
        for (Map.Entry<String, XmlElement> e : stored.entrySet()) {
            if (e.getKey().equals(VERSION_KEY)) {
                r.version = Math.max(r.version, RosterItem.storedVersion(e.getValue()));
                continue;
            }
            try {
                RosterItem item = RosterItem.fromStored(e.getValue());
                r.items.put(item.jid(), item);
                r.version = Math.max(r.version, RosterItem.storedVersion(e.getValue()));
            } catch (JidFormatException | NullPointerException ex) {
                log.warn("Skipping unreadable roster entry '{}' of {}: {}", e.getKey(), owner, ex.toString());
            }
        }
        return r;
    }

    @Override
    public BareJid owner() {
        return owner;
    }

    @Override
    public boolean accountExists() {
        return exists;
    }

    @Override
    public String version() {
        return Long.toString(version);
    }

    @Override
    public Optional<RosterItem> item(BareJid contact) {
        return Optional.ofNullable(items.get(contact));
    }

    @Override
    public List<RosterItem> items() {
        return items.values().stream().filter(RosterItem::listed).toList();
    }

    @Override
    public List<XmlElement> pendingRequests() {
        return items.values().stream().filter(i -> i.request() != null).map(RosterItem::request).toList();
    }

    /** Every entry, listed or not: what counts against the size limit. */
    int size() {
        return items.size();
    }

    /**
     * Sets an item; an unlisted item without a pending request is nothing to keep and is removed. Listed changes
     * bump the version and are pushed.
     */
    void put(RosterItem item) {
        if (!exists) {
            throw new IllegalStateException("owner: " + owner + " (expected: an existing account)");
        }
        RosterItem previous = items.get(item.jid());
        RosterItem next = item.listed() || item.state().pendingIn() ? item : null;
        if (next == null) {
            items.remove(item.jid());
        } else {
            items.put(item.jid(), next);
        }
        if (previous == null && next == null || next != null && next.equals(previous)) {
            return;
        }
        dirty.put(item.jid(), next);
        boolean wasListed = previous != null && previous.listed();
        boolean isListed = next != null && next.listed();
        if (isListed && (!wasListed || !next.toElement().equals(previous.toElement()))) {
            pushes.add(next.toElement());
        } else if (wasListed && !isListed) {
            pushes.add(RosterItem.removal(item.jid()));
        }
    }

    void remove(BareJid contact) {
        RosterItem previous = items.get(contact);
        if (previous != null) {
            put(new RosterItem(contact, null, List.of(), SubscriptionState.NONE, false, null));
        }
    }

    /** Takes what changed since the last call; bumps the version once if the client-visible roster changed. */
    Commit drain() {
        if (!pushes.isEmpty()) {
            version++;
            versionChanged = true;
        }
        Commit c = new Commit(new LinkedHashMap<>(dirty), List.copyOf(pushes), version, versionChanged);
        dirty.clear();
        pushes.clear();
        versionChanged = false;
        return c;
    }

    /**
     * What one lane operation changed.
     *
     * @param writes contact to its new item, or to {@code null} for a removal
     * @param pushes items for a roster push (RFC 6121 §2.1.6)
     */
    record Commit(Map<BareJid, RosterItem> writes, List<XmlElement> pushes, long version, boolean versionChanged) {
        boolean isEmpty() {
            return writes.isEmpty() && !versionChanged;
        }
    }
}
