package dev.xmppd.core.router;

import dev.xmppd.core.stanza.Stanza;

/**
 * Delivers stanzas to other domains (implemented by federation). It must never drop a stanza silently: if it
 * cannot deliver, it bounces an error to the sender (RFC 6120 §8.3.3.15, §8.3.3.16).
 */
public interface RemoteDelivery {

    void deliver(Stanza stanza);
}
