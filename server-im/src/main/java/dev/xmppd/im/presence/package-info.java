/** Presence and subscriptions (RFC 6121 §3, §4). Starting point: PresenceModule. */
package dev.xmppd.im.presence;
