package dev.xmppd.muc;

import dev.xmppd.core.jid.BareJid;

/** What the service's disco#items shows of a room (XEP-0045 §6.3), readable from any thread. */
record RoomSummary(BareJid jid, String name, boolean listed, int occupants) {
}
