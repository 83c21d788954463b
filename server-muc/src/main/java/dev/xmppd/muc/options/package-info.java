/**
 * Room options of the XEP-0045 service, one class per option (after Prosody's MUC libraries): each contributes its
 * disco features, its {@code muc#roomconfig} form field, its {@code muc#roominfo} field and its pre-join check.
 * Starting point: {@link dev.xmppd.muc.options.RoomOptions}.
 */
package dev.xmppd.muc.options;
