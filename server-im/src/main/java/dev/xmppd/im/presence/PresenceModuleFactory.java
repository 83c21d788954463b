package dev.xmppd.im.presence;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link PresenceModule} as {@code presence}. */
public final class PresenceModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "presence";
    }

    @Override
    public XmppModule create() {
        return new PresenceModule();
    }
}
