package dev.xmppd.im.push;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link PushModule} as {@code push}. */
public final class PushModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "push";
    }

    @Override
    public XmppModule create() {
        return new PushModule();
    }
}
