package dev.xmppd.core.disco;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link DiscoModule} as {@code disco}. */
public final class DiscoModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "disco";
    }

    @Override
    public XmppModule create() {
        return new DiscoModule();
    }
}
