package dev.xmppd.im.ping;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link PingModule} as {@code ping}. */
public final class PingModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "ping";
    }

    @Override
    public XmppModule create() {
        return new PingModule();
    }
}
