/**
 * Inbound federation: the listeners ({@code s2s} with STARTTLS on 5269, {@code s2s-tls} with direct TLS per
 * XEP-0368), and the state machine of a stream another server opens to us: header, STARTTLS, then SASL EXTERNAL
 * (XEP-0178) or Server Dialback (XEP-0220) as receiving server, the authoritative answers to
 * {@code <db:verify/>}, and the checks every inbound stanza passes before it reaches the router.
 */
package dev.xmppd.s2s.in;
