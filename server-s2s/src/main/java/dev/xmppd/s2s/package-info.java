/**
 * Server-to-server streams (RFC 6120, XEP-0220, XEP-0178, XEP-0368): the listeners on 5269 and the direct-TLS port,
 * outbound connections with a bounded queue per domain pair, and the routing of stanzas between them and the
 * {@link dev.xmppd.core.router.StanzaRouter}. Starting point: {@link dev.xmppd.s2s.Federation}. Sub-packages:
 * {@code out} (outbound links), {@code in} (listeners and inbound streams), {@code stream} (the wire vocabulary both
 * share), {@code dns} (finding a peer), {@code auth} (certificates), {@code dialback} (XEP-0220 keys), {@code tls}.
 */
package dev.xmppd.s2s;
