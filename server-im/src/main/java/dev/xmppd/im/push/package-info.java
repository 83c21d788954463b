/**
 * Push notifications (XEP-0357): registrations of XMPP Push Services per account and the notifications published to
 * them when a message waits offline or for a detached XEP-0198 session. Starting point: PushModule.
 */
package dev.xmppd.im.push;
