package dev.xmppd.core.testing;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Iq;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.PresenceType;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;
import dev.xmppd.core.xml.XmlElement;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;

/**
 * A bound client session that records what the server does to it: the stanzas delivered and the closes, in one
 * ordered list of {@linkplain #events() events}. Its presence is kept as a real session keeps it, so it takes part
 * in routing by availability and priority (RFC 6121 §8.5). Thread-safe: modules may deliver from any thread.
 */
public final class RecordingSession implements Session {
    /** The event recorded for {@code close(null)}, a clean close of the stream. */
    public static final String CLEAN_CLOSE = "clean close";

    private final FullJid jid;
    private final List<Object> events = new CopyOnWriteArrayList<>();
    private volatile Presence presence;
    private volatile boolean closed;
    private volatile StreamError closedWith;

    /** A session bound to this full JID, not yet available. */
    public RecordingSession(String fullJid) {
        this(FullJid.parse(requireNonNull(fullJid, "fullJid")));
    }

    public RecordingSession(FullJid jid) {
        this.jid = requireNonNull(jid, "jid");
    }

    /** Marks the session available with this priority, as initial presence would; returns this session. */
    public RecordingSession available(int priority) {
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
        events.add(requireNonNull(stanza, "stanza"));
    }

    @Override
    public synchronized void close(StreamError error) {
        if (error != null && closedWith == null) {
            closedWith = error;
        }
        closed = true;
        events.add(error == null ? CLEAN_CLOSE : error);
    }

    @Override
    public Presence presence() {
        return presence;
    }

    @Override
    public void updatePresence(Presence p) {
        presence = p;
    }

    /** The stanzas delivered and the closes ({@link StreamError} or {@link #CLEAN_CLOSE}) since the last clear. */
    public List<Object> events() {
        return List.copyOf(events);
    }

    /** The stanzas delivered since the last {@link #clear()}, in order; a copy. */
    public List<Stanza> received() {
        return received(Stanza.class);
    }

    /** The stanzas of this kind delivered since the last {@link #clear()}, in order. */
    public <T extends Stanza> List<T> received(Class<T> kind) {
        return events.stream().filter(kind::isInstance).map(kind::cast).toList();
    }

    public List<Message> messages() {
        return received(Message.class);
    }

    public List<Presence> presences() {
        return received(Presence.class);
    }

    /**
     * The presences delivered, each as {@code "type from"}, for compact assertions: e.g.
     * {@code "available bob@example.com/desk"}, {@code "subscribe alice@example.com"}.
     */
    public List<String> presenceLines() {
        return presences().stream()
                .map(p -> (p.type() == PresenceType.AVAILABLE ? "available" : p.type().value()) + " " + p.from())
                .toList();
    }

    /** The IQ requests (get or set) the server sent, e.g. roster or blocking pushes, in order. */
    public List<Iq> pushes() {
        return received(Iq.class).stream().filter(iq -> iq.type().isRequest()).toList();
    }

    /** The last IQ delivered with this id; fails the test when there is none. */
    public Iq reply(String id) {
        List<Iq> iqs = received(Iq.class);
        for (int i = iqs.size() - 1; i >= 0; i--) {
            if (id.equals(iqs.get(i).id())) {
                return iqs.get(i);
            }
        }
        throw new AssertionError("no IQ with id " + id + " in " + events);
    }

    /** Forgets the events recorded so far; {@link #isClosed()} and {@link #closedWith()} are kept. */
    public void clear() {
        events.clear();
    }

    public boolean isClosed() {
        return closed;
    }

    /** The stream error of the first close with an error, or {@code null}. */
    public StreamError closedWith() {
        return closedWith;
    }

    @Override
    public String toString() {
        return jid.toString();
    }
}
