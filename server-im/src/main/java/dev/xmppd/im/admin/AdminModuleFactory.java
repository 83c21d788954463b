package dev.xmppd.im.admin;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link AdminModule} as {@code admin}. */
public final class AdminModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "admin";
    }

    @Override
    public XmppModule create() {
        return new AdminModule();
    }
}
