package dev.xmppd.core.session;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.stanza.Presence;
import dev.xmppd.core.stanza.Stanza;
import dev.xmppd.core.stream.StreamError;

/**
 * A bound client session: one resource of one account. Its methods are thread-safe; delivery hops to the
 * session's own event loop.
 */
public interface Session {

    FullJid jid();

    /** Writes a stanza to the client. Stanzas are written in the order of the calls from one thread. */
    void deliver(Stanza stanza);

    /** The client's address, as the connection (or the BOSH session's first request) came from; null if unknown. */
    default java.net.SocketAddress remoteAddress() {
        return null;
    }

    /** Closes the stream with this error (or cleanly when {@code null}) and then the connection. */
    void close(StreamError error);

    /**
     * The last available presence the client broadcast (RFC 6121 §4.2), or {@code null} while the session is not
     * available: before initial presence and after unavailable presence.
     */
    Presence presence();

    /** Records the client's broadcast presence; {@code null} marks the session unavailable. */
    void updatePresence(Presence presence);

    /** True once initial presence was sent and until unavailable presence. */
    default boolean isAvailable() {
        return presence() != null;
    }

    /** The priority of the current presence; meaningful only while available. */
    default int priority() {
        Presence p = presence();
        return p == null ? 0 : p.priority();
    }
}
