package dev.xmppd.im.register;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link RegisterModule} as {@code register}. */
public final class RegisterModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "register";
    }

    @Override
    public XmppModule create() {
        return new RegisterModule();
    }
}
