/**
 * Where a remote domain's server listens: static routes from the configuration, then DNS SRV
 * ({@code _xmpps-server._tcp}, {@code _xmpp-server._tcp}) and the domain's own address (RFC 6120 §3.2, XEP-0368).
 */
package dev.xmppd.s2s.dns;
