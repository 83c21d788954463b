package dev.xmppd.bench;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;

/** A bound session without a connection: it counts what it is sent and keeps nothing. */
final class CountingSession implements Session {
    private final FullJid jid;
    private final Deliveries deliveries;
    private volatile Presence presence;
    private volatile Stanza last;

    CountingSession(FullJid jid, Deliveries deliveries) {
        this.jid = requireNonNull(jid, "jid");
        this.deliveries = requireNonNull(deliveries, "deliveries");
    }

    @Override
    public FullJid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        last = stanza;
        deliveries.delivered();
    }

    /** The stanza delivered last, for sanity checks in a benchmark's setup. */
    Stanza last() {
        return last;
    }

    @Override
    public void close(StreamError error) {
        throw new IllegalStateException("session " + jid + " closed by the server: " + error);
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
