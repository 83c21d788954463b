/**
 * Password credentials and the server side of SCRAM (RFC 5802, RFC 7677): {@link dev.xmppd.core.auth.Passwords},
 * {@link dev.xmppd.core.auth.ScramServer}, {@link dev.xmppd.core.auth.DecoyCredentials}.
 */
package dev.xmppd.core.auth;
