package dev.xmppd.im.roster;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bound session that records what the server writes to it, for roster and presence tests. */
public final class TestSession implements Session {
    private final FullJid jid;
    private final List<Stanza> received = new CopyOnWriteArrayList<>();
    private volatile Presence presence;

    public TestSession(String jid) {
        this.jid = FullJid.parse(jid);
    }

    @Override
    public FullJid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        received.add(stanza);
    }

    @Override
    public void close(StreamError error) {
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public void updatePresence(Presence p) {
        presence = p;
    }

    /** Everything received so far, and forgets it. */
    public List<Stanza> take() {
        List<Stanza> out = List.copyOf(received);
        received.removeAll(out);
        return out;
    }

    public List<Stanza> received() {
        return List.copyOf(received);
    }

    /** The presence stanzas received, as "type from" strings, e.g. {@code "available bob@example.com/desk"}. */
    public List<String> presences() {
        return received.stream().filter(s -> s instanceof Presence).map(s -> {
            Presence p = (Presence) s;
            return (p.type() == PresenceType.AVAILABLE ? "available" : p.type().value()) + " " + p.from();
        }).toList();
    }

    /** The roster pushes received, as their single item. */
    public List<dev.xmppd.core.xml.XmlElement> pushes() {
        return received.stream().filter(s -> s instanceof Iq iq && iq.type() == dev.xmppd.core.stanza.IqType.SET)
                .map(s -> ((Iq) s).payload().firstElement()).toList();
    }

    public void clear() {
        received.clear();
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
