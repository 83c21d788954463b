package dev.xmppd.c2s;

import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import io.netty.handler.ssl.SslContext;

/**
 * What every client connection shares: configuration, router, events, SASL, TLS and the per-address limits.
 *
 * @param ssl the server TLS context, or {@code null} when TLS is not available (tests only)
 */
public record C2sServices(XmppdConfig config, StanzaRouter router, EventBus events, SaslMechanisms sasl,
        SslContext ssl, ClientLimits limits) {
}
