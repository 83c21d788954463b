package dev.xmppd.c2s.sm;

import dev.xmppd.core.jid.FullJid;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.module.Events;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.core.stanza.Message;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;

/**
 * What all client connections share for stream management: the settings, the resumable sessions by id, and the
 * redelivery of what a client did not acknowledge.
 *
 * <p>Resumption ids are 128 random bits: a client proves it owns a session by authenticating as the same account
 * and knowing the id, so the id must not be guessable (XEP-0198 §9).
 */
public final class StreamManagementService {
    private final SmSettings settings;
    private final UnackedRedelivery redelivery;
    private final ConcurrentHashMap<String, SmState> resumable = new ConcurrentHashMap<>();
    private final SecureRandom random = new SecureRandom();
    private final EventBus events;

    /** Without events: nobody learns of messages queued for a detached session (tests). */
    public StreamManagementService(StanzaRouter router, SmSettings settings) {
        this(router, settings, new EventBus());
    }

    /**
     * @param events where {@link Events.MessageWaiting} is published when a message is queued for a session that
     *     waits for a resumption (push notifications wake the client on it)
     */
    public StreamManagementService(StanzaRouter router, SmSettings settings, EventBus events) {
        this.settings = settings;
        this.redelivery = new UnackedRedelivery(router);
        this.events = events;
    }

    /** A message was queued for a detached session; called outside any monitor. */
    void waiting(FullJid session, Message message) {
        events.publish(new Events.MessageWaiting(session, message));
    }

    public SmSettings settings() {
        return settings;
    }

    UnackedRedelivery redelivery() {
        return redelivery;
    }

    /**
     * Applies the redelivery rules of unacknowledged stanzas to stanzas a client's session never sent (held back
     * for it by client state indication) once the session has ended: messages are routed again with a delay stamp,
     * requests bounce, the rest is dropped. One DEBUG line.
     */
    public void redeliverUnsent(FullJid jid, List<Undelivered> unsent) {
        redelivery.redeliver(jid, unsent, false);
    }

    /** A fresh, unguessable resumption id. */
    String newId() {
        byte[] bytes = new byte[16];
        random.nextBytes(bytes);
        return Base64.getUrlEncoder().withoutPadding().encodeToString(bytes);
    }

    void register(SmState state) {
        resumable.put(state.id(), state);
    }

    void unregister(SmState state) {
        if (state.id() != null) {
            resumable.remove(state.id(), state);
        }
    }

    /** The resumable session with this id, or {@code null}. */
    SmState find(String id) {
        return id == null ? null : resumable.get(id);
    }

    /** Ends every session that waits for a resumption (at shutdown): unavailable presence, redelivery. */
    public void endDetached(String reason) {
        resumable.values().forEach(s -> s.endIfDetached(reason));
    }

    /** The number of sessions that can be resumed now or are still connected with resumption enabled. */
    public int resumableCount() {
        return resumable.size();
    }
}
