package dev.xmppd.im.adhoc;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/** A bound session that records what it is sent and how it is closed, in one list so that order can be checked. */
public final class RecordingClient implements Session {
    private final FullJid jid;
    /** Stanzas and the stream error that closed it, in order. */
    public final List<Object> events = new CopyOnWriteArrayList<>();
    private volatile Presence presence;

    public RecordingClient(String jid) {
        this.jid = FullJid.parse(jid);
    }

    @Override
    public FullJid jid() {
        return jid;
    }

    @Override
    public void deliver(Stanza stanza) {
        events.add(stanza);
    }

    @Override
    public void close(StreamError error) {
        events.add(error == null ? "closed" : error);
    }

    /** The stream error the session was closed with, or {@code null}. */
    public StreamError closedWith() {
        return events.stream().filter(StreamError.class::isInstance).map(StreamError.class::cast).findFirst()
                .orElse(null);
    }

    /** The last IQ this session was sent with this id. */
    public Iq reply(String id) {
        for (int i = events.size() - 1; i >= 0; i--) {
            if (events.get(i) instanceof Iq iq && id.equals(iq.id())) {
                return iq;
            }
        }
        throw new AssertionError("no reply " + id + " in " + events);
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
