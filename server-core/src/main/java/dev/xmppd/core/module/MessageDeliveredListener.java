package dev.xmppd.core.module;

import dev.xmppd.core.session.Session;
import dev.xmppd.core.stanza.Message;
import java.util.List;

/**
 * Told after a message to a local account was written to its sessions (e.g. to send XEP-0280 carbon copies to the
 * account's other resources). Runs on the sender's thread; must not block.
 */
@FunctionalInterface
public interface MessageDeliveredListener {

    /** @param recipients the sessions the message was delivered to, never empty */
    void delivered(Message message, List<Session> recipients);
}
