package dev.xmppd.c2s;

import dev.xmppd.c2s.sasl.SaslMechanisms;
import dev.xmppd.c2s.sm.SmSettings;
import dev.xmppd.c2s.sm.StreamManagementService;
import dev.xmppd.core.config.XmppdConfig;
import dev.xmppd.core.module.EventBus;
import dev.xmppd.core.router.StanzaRouter;
import io.netty.handler.ssl.SslContext;

/**
 * What every client connection shares: configuration, router, events, SASL, TLS and the per-address limits.
 *
 * @param ssl the server TLS context, or {@code null} when TLS is not available (tests only)
 * @param sm XEP-0198 stream management: settings and the sessions that can be resumed
 */
public record C2sServices(XmppdConfig config, StanzaRouter router, EventBus events, SaslMechanisms sasl,
        SslContext ssl, ClientLimits limits, StreamManagementService sm) {

    /** With stream management as configured ({@code limits.sm-resume-timeout}, {@code limits.sm-unacked-stanzas}). */
    public C2sServices(XmppdConfig config, StanzaRouter router, EventBus events, SaslMechanisms sasl, SslContext ssl,
            ClientLimits limits) {
        this(config, router, events, sasl, ssl, limits, new StreamManagementService(router, new SmSettings(
                config.limits().smResumeTimeout(), config.limits().smUnackedStanzas(),
                SmSettings.DEFAULTS.requestEvery()), events));
    }
}
