package dev.xmppd.im.bytestreams;

import dev.xmppd.core.bytestreams.BytestreamRelay;
import dev.xmppd.core.module.ModuleContext;
import dev.xmppd.core.module.XmppModule;
import java.util.Optional;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * SOCKS5 Bytestreams (XEP-0065) at {@code proxy.<host>}, listed in the host's disco#items so that clients find it
 * (§6.1). The bytes flow through the server's SOCKS5 listener ({@code proxy65}), which the server starts with this
 * module; without it (a test server without listeners) the service is not offered.
 */
public final class Proxy65Module implements XmppModule {
    private static final Logger log = LoggerFactory.getLogger(Proxy65Module.class);

    @Override
    public String name() {
        return "proxy65";
    }

    @Override
    public void configure(ModuleContext ctx) {
        String domain = "proxy." + ctx.host();
        Optional<BytestreamRelay> relay = ctx.optional(BytestreamRelay.class).get();
        if (relay.isEmpty()) {
            log.warn("proxy65: {} is not offered: the server has no SOCKS5 listener", domain);
            return;
        }
        String streamHost = ctx.config().proxy65().hostFor(ctx.host());
        ctx.component(domain, Proxy65Service.NAME, new Proxy65Service(ctx.host(), streamHost, relay.get(), ctx::send));
        log.info("proxy65: {} mediates bytestreams through {}:{}", domain, streamHost, ctx.config().proxy65().port());
    }
}
