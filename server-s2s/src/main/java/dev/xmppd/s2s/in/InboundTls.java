package dev.xmppd.s2s.in;

import dev.xmppd.core.stream.XmppStreamDecoder;
import dev.xmppd.core.xml.Namespaces;
import dev.xmppd.core.xml.XmlElement;
import dev.xmppd.s2s.auth.CertificateVerdict;
import dev.xmppd.s2s.auth.PeerCertificates;
import dev.xmppd.s2s.tls.S2sTlsContexts;
import io.netty.channel.ChannelHandlerContext;
import io.netty.handler.ssl.SslContext;
import io.netty.handler.ssl.SslHandler;
import java.security.cert.X509Certificate;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * TLS on one inbound stream: STARTTLS (RFC 6120 §5.4.3.3), the result of the handshake, and what the peer's
 * certificate proves. The chain is accepted whatever it is at handshake time and judged per domain afterwards
 * ({@link PeerCertificates}, XEP-0178), because a peer without a valid certificate may still authenticate with
 * dialback.
 */
final class InboundTls {
    private final SslContext context;
    private final PeerCertificates certificates;
    private final Map<String, CertificateVerdict> verdicts = new HashMap<>();
    private List<X509Certificate> chain = List.of();
    private String protocol;

    /** @param context the server TLS context, or {@code null} when TLS is unavailable (tests only) */
    InboundTls(SslContext context, PeerCertificates certificates) {
        this.context = context;
        this.certificates = certificates;
    }

    boolean available() {
        return context != null;
    }

    /** True once the handshake succeeded. */
    boolean secure() {
        return protocol != null;
    }

    /** The negotiated protocol, e.g. {@code TLSv1.3}, or {@code null} before TLS. */
    String protocol() {
        return protocol;
    }

    /**
     * Answers {@code <starttls/>} with {@code <proceed/>} and puts TLS in the pipeline (after the rate limiter, which
     * counts bytes on the wire); the decoder reads the encrypted stream with a fresh parser.
     */
    void start(ChannelHandlerContext ctx) {
        ctx.writeAndFlush(XmlElement.empty(Namespaces.TLS, "proceed"));
        SslHandler tls = context.newHandler(ctx.alloc());
        if (ctx.pipeline().get("rate") != null) {
            ctx.pipeline().addAfter("rate", "tls", tls);
        } else {
            ctx.pipeline().addFirst("tls", tls);
        }
        ctx.pipeline().get(XmppStreamDecoder.class).restartAfterTls();
    }

    /** Records a successful handshake. */
    void established(SslHandler handler) {
        protocol = handler.engine().getSession().getProtocol();
        chain = S2sTlsContexts.peerChain(handler);
        verdicts.clear();
    }

    /** Whether the peer's certificate authenticates {@code domain}; computed once per domain. */
    CertificateVerdict certificateFor(String domain) {
        if (!secure()) {
            return CertificateVerdict.untrusted("no TLS");
        }
        // PKIX validation is a few signature checks, once per domain and stream: cheap enough for the event loop.
        return verdicts.computeIfAbsent(domain, d -> certificates.verify(chain, d));
    }
}
