/**
 * TLS for client streams: the server context with its certificate on OpenSSL, Conscrypt or the JDK
 * ({@link dev.xmppd.c2s.tls.TlsContexts}) and the channel bindings of a connection
 * ({@link dev.xmppd.c2s.tls.TlsChannelBinding}).
 */
package dev.xmppd.c2s.tls;
