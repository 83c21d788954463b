package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomHistory;
import dev.xmppd.muc.options.RoomConfig;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Collections;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The state of one room: configuration, affiliations, occupants, subject and history. Mutable and not
 * thread-safe: only its room's serial executor touches it.
 */
final class RoomState {
    final BareJid jid;
    RoomConfig config;
    /** True from creation until the owner submits the configuration (XEP-0045 §10.1.1). */
    boolean locked;
    /** The creator, charged for the per-user room limit while the room lives; null for rooms loaded from storage. */
    BareJid creator;
    /** The last subject change as broadcast (from the occupant JID, without to), or null (XEP-0045 §8.1). */
    XmlElement subject;
    final RoomHistory history = new RoomHistory();
    private final Map<BareJid, Affiliation> affiliations = new LinkedHashMap<>();
    /** Nicks reserved by registration (XEP-0045 §7.10), by user; a user loses it with the affiliation. */
    private final Map<BareJid, String> reservedNicks = new LinkedHashMap<>();
    /** The same, by nick: checked on every entry and nick change. */
    private final Map<String, BareJid> nickHolders = new HashMap<>();
    private final Map<String, Occupant> byNick = new LinkedHashMap<>();
    private final Map<FullJid, Occupant> byJid = new HashMap<>();

    RoomState(BareJid jid, RoomConfig config) {
        this.jid = requireNonNull(jid, "jid");
        this.config = requireNonNull(config, "config");
    }

    /** The stored affiliation of a bare JID: none unless set. */
    Affiliation affiliation(BareJid user) {
        return affiliations.getOrDefault(user, Affiliation.NONE);
    }

    void setAffiliation(BareJid user, Affiliation affiliation) {
        if (affiliation == Affiliation.NONE) {
            affiliations.remove(user);
        } else {
            affiliations.put(user, affiliation);
        }
        if (!affiliation.isMember()) {
            release(user);
        }
    }

    /** The nick the user reserved, or null. */
    String reservedNick(BareJid user) {
        return reservedNicks.get(user);
    }

    /** Who reserved the nick, or null. */
    BareJid reservedBy(String nick) {
        return nickHolders.get(nick);
    }

    /** Reserves {@code nick} for {@code user}, in place of the one the user had; the caller checks it is free. */
    void reserve(BareJid user, String nick) {
        release(user);
        reservedNicks.put(user, nick);
        nickHolders.put(nick, user);
    }

    void release(BareJid user) {
        String nick = reservedNicks.remove(user);
        if (nick != null) {
            nickHolders.remove(nick);
        }
    }

    /** The users with this affiliation, in the order they got it. */
    List<BareJid> withAffiliation(Affiliation affiliation) {
        List<BareJid> out = new ArrayList<>();
        affiliations.forEach((user, a) -> {
            if (a == affiliation) {
                out.add(user);
            }
        });
        return out;
    }

    Map<BareJid, Affiliation> affiliations() {
        return Collections.unmodifiableMap(affiliations);
    }

    Occupant occupant(String nick) {
        return byNick.get(nick);
    }

    Occupant occupant(FullJid jid) {
        return byJid.get(jid);
    }

    /** The occupants in the order they entered. */
    Collection<Occupant> occupants() {
        return Collections.unmodifiableCollection(byNick.values());
    }

    /** The occupants whose real bare JID is this one (XEP-0045 §7.2: one user may be in with several clients). */
    List<Occupant> occupantsOf(BareJid user) {
        return byNick.values().stream().filter(o -> o.bare().equals(user)).toList();
    }

    int occupantCount() {
        return byNick.size();
    }

    /** Adds or replaces an occupant (same real JID), keeping the nick index in step. */
    void put(Occupant occupant) {
        Occupant previous = byJid.put(occupant.jid(), occupant);
        if (previous != null && !previous.nick().equals(occupant.nick())) {
            byNick.remove(previous.nick());
        }
        byNick.put(occupant.nick(), occupant);
    }

    void remove(Occupant occupant) {
        byJid.remove(occupant.jid());
        byNick.remove(occupant.nick());
    }

    /** The room's JID with a nick: the occupant JID. */
    FullJid occupantJid(String nick) {
        return jid.withResource(nick);
    }
}
