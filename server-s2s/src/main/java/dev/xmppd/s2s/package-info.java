/**
 * Server-to-server streams (RFC 6120, XEP-0220, XEP-0178, XEP-0288, XEP-0368): the listeners on 5269 and the
 * direct-TLS port, outbound connections with a bounded queue per remote domain, and the routing of stanzas between
 * them and the {@link dev.xmppd.core.router.StanzaRouter}. Sub-packages: {@code dns} (finding a peer),
 * {@code auth} (certificates), {@code dialback} (XEP-0220 keys and verification).
 */
package dev.xmppd.s2s;
