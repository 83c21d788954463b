package dev.xmppd.im.testing;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.jid.Jid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bound client session that records what it is sent, for module tests through the real router. */
public final class FakeSession implements Session {
    private final FullJid jid;
    private final List<Stanza> received = new CopyOnWriteArrayList<>();
    private volatile Presence presence;

    public FakeSession(String jid) {
        this.jid = (FullJid) Jid.parse(jid);
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

    /** Everything delivered so far, in order. */
    public List<Stanza> received() {
        return received;
    }

    /** The IQs delivered that are requests (pushes), in order. */
    public List<Iq> pushes() {
        return received.stream().filter(s -> s instanceof Iq iq && iq.type().isRequest()).map(Iq.class::cast)
                .toList();
    }

    /** Forgets what was delivered. */
    public void clear() {
        received.clear();
    }
}
