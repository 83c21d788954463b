package dev.xmppd.im.forward;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bound session that records what it is sent. */
public final class TestSession implements Session {
    public final List<Stanza> received = new CopyOnWriteArrayList<>();
    private final FullJid jid;
    private volatile Presence presence;

    TestSession(String jid) {
        this.jid = FullJid.parse(jid);
    }

    /** The messages received, in order. */
    public List<Message> messages() {
        return received.stream().filter(Message.class::isInstance).map(Message.class::cast).toList();
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
}
