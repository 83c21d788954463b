package dev.xmppd.muc;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link MucModule} as {@code muc}. */
public final class MucModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "muc";
    }

    @Override
    public XmppModule create() {
        return new MucModule();
    }
}
