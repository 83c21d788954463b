package dev.xmppd.im.caps;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link CapsModule} as {@code caps}. */
public final class CapsModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "caps";
    }

    @Override
    public XmppModule create() {
        return new CapsModule();
    }
}
