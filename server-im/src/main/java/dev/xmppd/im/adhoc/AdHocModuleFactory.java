package dev.xmppd.im.adhoc;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link AdHocModule} as {@code adhoc}. */
public final class AdHocModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "adhoc";
    }

    @Override
    public XmppModule create() {
        return new AdHocModule();
    }
}
