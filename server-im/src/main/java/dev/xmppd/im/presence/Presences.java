package dev.xmppd.im.presence;

import dev.xmppd.core.stanza.PresenceType;

/** What the presence module asks of presence types. */
final class Presences {
    private Presences() {
    }

    static boolean isSubscription(PresenceType type) {
        return type == PresenceType.SUBSCRIBE || type == PresenceType.SUBSCRIBED
                || type == PresenceType.UNSUBSCRIBE || type == PresenceType.UNSUBSCRIBED;
    }
}
