/**
 * TLS for server-to-server streams: contexts that present our certificate in both directions and accept any peer
 * chain during the handshake ({@link dev.xmppd.s2s.tls.S2sTlsContexts}), so that the chain is judged afterwards by
 * {@link dev.xmppd.s2s.auth.PeerCertificates} and a peer whose certificate does not validate can still use dialback.
 */
package dev.xmppd.s2s.tls;
