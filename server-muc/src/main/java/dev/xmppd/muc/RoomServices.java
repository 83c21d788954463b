package dev.xmppd.muc;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.storage.KeyValueStore;
import dev.xmppd.muc.history.RoomArchive;
import dev.xmppd.muc.options.RoomOptions;
import java.time.Clock;
import java.util.Set;
import java.util.function.Consumer;

/**
 * What every room of one service shares: where stanzas go, the options, the stores, the occupant-id secret, the
 * clock, the service admins, and the listener that keeps the service's indexes.
 *
 * @param domain the service's domain, e.g. {@code conference.example.com}
 * @param out routes a stanza the service sends ({@code from} set)
 * @param rooms the key-value store {@code muc-rooms}
 * @param admins service admins (XEP-0045 §5.2: they are owners of every room)
 */
record RoomServices(String domain, Consumer<Stanza> out, RoomOptions options, KeyValueStore rooms,
        RoomArchive archive, OccupantIds ids, Clock clock, Set<BareJid> admins, Listener listener) {

    /** Told by rooms, on their executor, about changes the service indexes. */
    interface Listener {
        void joined(BareJid room, FullJid user);

        void left(BareJid room, FullJid user);
    }

    RoomServices {
        requireNonNull(domain, "domain");
        requireNonNull(out, "out");
        requireNonNull(options, "options");
        requireNonNull(rooms, "rooms");
        requireNonNull(archive, "archive");
        requireNonNull(ids, "ids");
        requireNonNull(clock, "clock");
        admins = Set.copyOf(admins);
        requireNonNull(listener, "listener");
    }

    /** The bare JID the service stores its own state under (the room index, the occupant-id secret). */
    BareJid serviceJid() {
        return new BareJid(null, domain);
    }
}
