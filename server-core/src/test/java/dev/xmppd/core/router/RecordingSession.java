package dev.xmppd.core.router;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A session that records what it is sent, for router tests. */
final class RecordingSession implements Session {
    final FullJid jid;
    final List<Stanza> received = new CopyOnWriteArrayList<>();
    StreamError closedWith;
    private volatile Presence presence;

    RecordingSession(String jid) {
        this.jid = (FullJid) Jid.parse(jid);
    }

    /** Marks the session available with this priority, as initial presence would. */
    RecordingSession available(int priority) {
        XmlElement p = XmlElement.builder("jabber:client", "presence")
                .textElement("priority", Integer.toString(priority)).build();
        presence = (Presence) Stanza.parse(p);
        return this;
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
        closedWith = error;
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public void updatePresence(Presence p) {
        presence = p;
    }
}
