package dev.xmppd.core.module;

import dev.xmppd.core.stanza.Stanza;

/**
 * Serves a whole domain inside the server, such as the MUC service at {@code conference.example.com}: the router
 * hands it every stanza addressed to that domain or to any JID in it, with {@code from} already stamped. It
 * answers through {@link ModuleContext#send} and must reply to each IQ get/set exactly once (RFC 6120 §8.2.3).
 * Runs on the sender's thread: it must not block (a MUC room hands work to its own serial executor).
 */
@FunctionalInterface
public interface ComponentHandler {

    void handle(Stanza stanza);
}
