package dev.xmppd.core.module;

import dev.xmppd.core.stanza.Stanza;

/**
 * Handles messages or presences in one {@link Phase}. Runs on the sender's event loop: it must not block; storage
 * work is started asynchronously.
 *
 * @param <T> {@link dev.xmppd.core.stanza.Message} or {@link dev.xmppd.core.stanza.Presence}
 */
@FunctionalInterface
public interface StanzaHandler<T extends Stanza> {

    /** @param stanza with {@code from} already stamped by the server */
    Verdict handle(T stanza);
}
