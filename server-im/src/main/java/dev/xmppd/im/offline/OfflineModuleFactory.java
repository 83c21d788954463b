package dev.xmppd.im.offline;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link OfflineModule} as {@code offline}. */
public final class OfflineModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "offline";
    }

    @Override
    public XmppModule create() {
        return new OfflineModule(OfflineModule.DEFAULT_QUOTA);
    }
}
