/**
 * XMPP addresses (RFC 7622): {@link dev.xmppd.core.jid.Jid}, {@link dev.xmppd.core.jid.BareJid} and
 * {@link dev.xmppd.core.jid.FullJid}, normalized with PRECIS when they are created. Start at
 * {@link dev.xmppd.core.jid.Jid#parse(String)}.
 */
package dev.xmppd.core.jid;
