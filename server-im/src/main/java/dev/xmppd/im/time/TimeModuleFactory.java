package dev.xmppd.im.time;

import dev.xmppd.core.module.ModuleFactory;
import dev.xmppd.core.module.XmppModule;

/** Enables {@link TimeModule} as {@code time}. */
public final class TimeModuleFactory implements ModuleFactory {
    @Override
    public String name() {
        return "time";
    }

    @Override
    public XmppModule create() {
        return new TimeModule();
    }
}
