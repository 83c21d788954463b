package dev.xmppd.im.mam;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link MamModule} as {@code mam}. */
public final class MamModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "mam";
    }

    @Override
    public XmppModule create() {
        return new MamModule();
    }
}
