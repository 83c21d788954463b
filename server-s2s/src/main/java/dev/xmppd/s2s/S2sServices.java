package dev.xmppd.s2s;

import static java.util.Objects.requireNonNull;

import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.router.StanzaRouter;
import dev.xmppd.s2s.auth.PeerCertificates;
import dev.xmppd.s2s.dialback.DialbackKeys;
import dev.xmppd.s2s.dns.S2sResolver;
import dev.xmppd.s2s.tls.S2sTlsContexts;

/**
 * What both directions of federation share, built once by {@link Federation} and handed to the inbound listeners
 * ({@code dev.xmppd.s2s.in}) and the outbound links ({@code dev.xmppd.s2s.out}). A record of plain dependencies so
 * that tests build one with doubles; event loops are not in it because their lifecycle belongs to the server.
 *
 * <p>The {@link dev.xmppd.s2s.dialback.DialbackVerifier} is deliberately not a field: it is the outbound side
 * (a {@code <db:verify/>} sent on our own stream to the authoritative server), which itself needs these services.
 * {@link Federation} passes it to the inbound server beside this record.
 *
 * @param config the server configuration ({@code s2s}, {@code listeners.s2s*}, {@code limits})
 * @param router routes authenticated inbound stanzas; tells which domains are served here
 * @param dialbackKeys our XEP-0185 keys, derived from the server secret: sent as originating server, checked as
 *     authoritative server
 * @param peerCertificates PKIX + RFC 6125 checks of a peer's chain (XEP-0178), with {@code s2s.ca} added
 * @param resolver where a remote domain listens ({@code s2s.routes}, then DNS)
 * @param tls the TLS contexts of both directions (they accept any peer chain at the handshake; the chain is judged
 *     afterwards by {@code peerCertificates}), or {@code null} when TLS is unavailable (tests with
 *     {@code listeners.s2s.starttls: optional} only)
 */
public record S2sServices(
        XmppdConfig config,
        StanzaRouter router,
        DialbackKeys dialbackKeys,
        PeerCertificates peerCertificates,
        S2sResolver resolver,
        S2sTlsContexts tls) {

    public S2sServices {
        requireNonNull(config, "config");
        requireNonNull(router, "router");
        requireNonNull(dialbackKeys, "dialbackKeys");
        requireNonNull(peerCertificates, "peerCertificates");
        requireNonNull(resolver, "resolver");
    }
}
