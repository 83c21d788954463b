package dev.xmppd.c2s.sm;

import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Message;
import dev.xmppd.core.stanza.Stanza;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ScheduledFuture;

/**
 * The stream management state of one session, which outlives a lost connection when the session is resumable: the
 * count of stanzas handled from the client, the {@link UnackedQueue} of stanzas sent to it, and which connection
 * (a {@link StreamManagement}) owns the session now.
 *
 * <p>Guarded by its own monitor: deliveries come from any thread, and a resumption moves the session from one
 * connection's event loop to another's. No routing, writing or logging happens while the monitor is held.
 */
public final class SmState {
    private final String id;
    private final Session session;
    private final StreamManagementService service;
    final UnackedQueue queue;
    /** Stanzas that found the queue full; redelivered with the rest when the session ends. */
    final List<Undelivered> overflow = new ArrayList<>(0);
    /** How long the session waits for a resumption: the server's limit, or less if the client asked for less. */
    final Duration resumeTimeout;
    long handled;
    StreamManagement owner;
    boolean detached;
    /** Set once the session is ending or ended: no resumption, no more queueing. */
    boolean ended;
    ScheduledFuture<?> expiry;

    SmState(String id, Session session, StreamManagementService service, StreamManagement owner,
            Duration resumeTimeout) {
        this.id = id;
        this.resumeTimeout = resumeTimeout;
        this.session = session;
        this.service = service;
        this.owner = owner;
        this.queue = new UnackedQueue(service.settings().maxUnacked());
    }

    /** The resumption id, or {@code null} if the client did not ask for resumption. */
    public String id() {
        return id;
    }

    public Session session() {
        return session;
    }

    /**
     * Takes a stanza for a session whose connection is gone: kept for the resumption while detached, or handed to the
     * redelivery rules once the session has ended. False while a connection owns the session (write it there). A
     * message kept for the resumption is published as {@link dev.xmppd.core.module.Events.MessageWaiting}.
     */
    public boolean offer(Stanza stanza) {
        StreamManagement endNow = null;
        boolean queued = false;
        synchronized (this) {
            if (!detached && !ended) {
                return false;
            }
            if (!ended) {
                queued = queue.add(stanza);
                if (!queued) {
                    overflow.add(new Undelivered(stanza, Instant.now()));
                    ended = true;
                    endNow = owner;
                }
            }
        }
        if (queued) {
            if (stanza instanceof Message m) {
                service.waiting(session.jid(), m);
            }
        } else if (endNow != null) {
            endNow.endDetached("more than " + service.settings().maxUnacked() + " stanzas arrived while detached");
        } else {
            service.redelivery().redeliver(session.jid(), List.of(new Undelivered(stanza, Instant.now())), false);
        }
        return true;
    }

    /**
     * Ends a detached session now (another session took its resource, or the server closes it).
     *
     * @return true if the session was detached, false if a connection owns it (close that connection instead)
     */
    public boolean endIfDetached(String reason) {
        StreamManagement endNow;
        synchronized (this) {
            if (!detached || ended) {
                return ended;
            }
            ended = true;
            endNow = owner;
        }
        endNow.endDetached(reason);
        return true;
    }

    /** True while the connection is lost and the session waits for a resumption. */
    public synchronized boolean isDetached() {
        return detached && !ended;
    }
}
