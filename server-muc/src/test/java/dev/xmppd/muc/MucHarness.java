package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.stanza.Condition;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stanza.StanzaError;
import dev.xmppd.core.storage.memory.MemoryStorageProvider;
import dev.xmppd.core.testing.TestXml;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.muc.history.RoomArchive;
import dev.xmppd.muc.options.RoomOptions;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A MUC service for unit tests: rooms run on the calling thread, storage is in memory (its stages are complete at
 * once), and everything the service sends is recorded. Host {@code example.com}, service
 * {@code conference.example.com}.
 */
final class MucHarness {
    static final String HOST = "example.com";
    static final String DOMAIN = "conference." + HOST;
    static final String MUC = MucNamespaces.MUC;

    final MemoryStorageProvider storage;
    final List<Stanza> out = new CopyOnWriteArrayList<>();
    final MutableClock clock = new MutableClock();
    final MucService service;

    MucHarness() {
        this(new MemoryStorageProvider(), Set.of());
    }

    MucHarness(MemoryStorageProvider storage, Set<BareJid> admins) {
        this.storage = storage;
        this.service = new MucService(HOST, DOMAIN, Runnable::run, out::add, admins, MucModule.MAX_ROOMS_PER_USER);
        var rooms = storage.keyValue(MucModule.ROOMS_STORE);
        RoomServices services = new RoomServices(DOMAIN, out::add, new RoomOptions(), rooms,
                new RoomArchive(storage.archive(MucModule.ARCHIVE)), new OccupantIds(new byte[32]), clock, admins,
                service);
        List<String> stored = new ArrayList<>(rooms.getAll(new BareJid(null, DOMAIN)).toCompletableFuture().join()
                .keySet());
        stored.remove("");
        service.start(services, stored);
    }

    /** Sends a stanza from a client (its 'from' is the given full JID) and returns what the service sent. */
    List<Stanza> send(String from, String xml) {
        out.clear();
        Stanza s = Stanza.parse(TestXml.parse(xml)).withFrom(Jid.parse(from));
        service.handle(s);
        return List.copyOf(out);
    }

    /** Enters a room with the MUC payload (and optional extra children of the x). */
    List<Stanza> join(String user, String room, String nick, String xChildren) {
        return send(user, "<presence to='" + room + "@" + DOMAIN + "/" + nick + "'><x xmlns='" + MUC + "'>"
                + xChildren + "</x></presence>");
    }

    List<Stanza> join(String user, String room, String nick) {
        return join(user, room, nick, "");
    }

    /** Creates an instant room (XEP-0045 §10.1.2) with its owner in it. */
    void instant(String owner, String room, String nick) {
        join(owner, room, nick);
        submit(owner, room, "");
    }

    /** Submits the configuration form with these fields (XEP-0045 §10.1.3). */
    List<Stanza> submit(String owner, String room, String fields) {
        return send(owner, "<iq type='set' id='cfg' to='" + room + "@" + DOMAIN + "'><query xmlns='"
                + MucNamespaces.OWNER + "'><x xmlns='jabber:x:data' type='submit'>" + fields + "</x></query></iq>");
    }

    static String field(String var, String... values) {
        StringBuilder b = new StringBuilder("<field var='" + var + "'>");
        for (String v : values) {
            b.append("<value>").append(v).append("</value>");
        }
        return b.append("</field>").toString();
    }

    static List<Stanza> to(List<Stanza> stanzas, String jid) {
        return stanzas.stream().filter(s -> s.to() != null && s.to().toString().equals(jid)).toList();
    }

    /** The self-presence (status 110) among these stanzas. */
    static Stanza self(List<Stanza> stanzas) {
        return stanzas.stream().filter(s -> statuses(s).contains(110)).findFirst().orElseThrow();
    }

    /** The muc#user x of a stanza, or null. */
    static XmlElement user(Stanza s) {
        return s.element().element(MucNamespaces.USER, "x");
    }

    static XmlElement item(Stanza s) {
        XmlElement x = user(s);
        return x == null ? null : x.element(MucNamespaces.USER, "item");
    }

    static List<Integer> statuses(Stanza s) {
        XmlElement x = user(s);
        return x == null ? List.of() : x.elements().stream().filter(e -> e.name().equals("status"))
                .map(e -> Integer.parseInt(e.attribute("code"))).toList();
    }

    static Condition error(Stanza s) {
        XmlElement e = s.element().element(s.element().namespace(), "error");
        return e == null ? null : StanzaError.fromElement(e).condition();
    }

    static FullJid occupant(String room, String nick) {
        return FullJid.of(room, DOMAIN, nick);
    }

    /** A clock tests move forward. */
    static final class MutableClock extends Clock {
        private Instant now = Instant.parse("2024-05-01T12:00:00Z");

        void advance(Duration d) {
            now = now.plus(d);
        }

        @Override
        public ZoneId getZone() {
            return ZoneOffset.UTC;
        }

        @Override
        public Clock withZone(ZoneId zone) {
            return this;
        }

        @Override
        public Instant instant() {
            return now;
        }
    }
}
