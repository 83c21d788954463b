/**
 * Outbound server-to-server streams: one {@link dev.xmppd.s2s.out.OutboundLink} per (local, remote) domain pair with
 * its bounded queue, set up on demand by the {@link dev.xmppd.s2s.out.OutboundConnector} and negotiated by the
 * {@link dev.xmppd.s2s.out.OutboundStreamHandler} (STARTTLS or direct TLS, SASL EXTERNAL, dialback). Starting point:
 * {@link dev.xmppd.s2s.out.OutboundLinks}, the router's remote delivery and the inbound side's dialback verifier.
 */
package dev.xmppd.s2s.out;
