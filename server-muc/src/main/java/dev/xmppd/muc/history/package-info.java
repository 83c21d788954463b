/**
 * A room's discussion history sent on entering (XEP-0045 §7.2.14, with XEP-0203 delay stamps) and its archive,
 * queried with XEP-0313 at the room's JID. Starting points: {@link dev.xmppd.muc.history.RoomHistory},
 * {@link dev.xmppd.muc.history.RoomArchive}.
 */
package dev.xmppd.muc.history;
