package dev.xmppd.core.session;

import dev.xmppd.core.jid.BareJid;
import dev.xmppd.core.jid.FullJid;
import java.util.List;

/**
 * The bound sessions of this server, by full JID. An interface so that a clustered directory can replace the local
 * one (DESIGN.md §6).
 */
public interface SessionRegistry {

    /** Adds a bound session; returns the session it replaces (same full JID), or {@code null}. */
    Session add(Session session);

    /** Removes this session (not another one bound to the same JID since); returns true if it was there. */
    boolean remove(Session session);

    /** The session bound to this full JID, or {@code null}. */
    Session get(FullJid jid);

    /** The sessions of one account, in binding order; empty if none. */
    List<Session> sessions(BareJid account);

    /** The number of bound sessions. */
    int size();

    /** Every bound session (a snapshot). */
    List<Session> all();
}
